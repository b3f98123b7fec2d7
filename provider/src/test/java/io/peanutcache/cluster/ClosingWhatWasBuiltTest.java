package io.peanutcache.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.peanutcache.testing.InJvmCluster;
import java.io.Closeable;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.cache.Cache;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.CacheEntryEventFilter;
import javax.cache.expiry.ExpiryPolicy;
import javax.cache.integration.CacheLoader;
import javax.cache.integration.CacheWriter;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What each node builds from a cache's factories (its loader, writer, expiry policy, and the
 * listeners and filters registered on it) is closed on that node, if it is {@code Closeable},
 * when the cache is destroyed or the node stops; closing a handle closes only its listeners.
 */
class ClosingWhatWasBuiltTest {

  /** Every part any node built, in the order they were built. */
  private static final CopyOnWriteArrayList<Part> BUILT = new CopyOnWriteArrayList<>();

  @RegisterExtension
  final InJvmCluster cluster = InJvmCluster.of(3).rpcTimeout(Duration.ofSeconds(5));

  @BeforeEach
  void forgetEarlierParts() {
    BUILT.clear();
  }

  /** A part a node built, which notes whether it was closed. */
  abstract static class Part implements Closeable {
    volatile boolean closed;

    Part() {
      BUILT.add(this);
    }

    @Override
    public void close() {
      closed = true;
    }

    String kind() {
      return getClass().getSimpleName();
    }
  }

  public static final class ClosingLoader extends Part implements CacheLoader<String, String> {
    @Override
    public String load(String key) {
      return "loaded " + key;
    }

    @Override
    public Map<String, String> loadAll(Iterable<? extends String> keys) {
      Map<String, String> loaded = new TreeMap<>();
      keys.forEach(key -> loaded.put(key, load(key)));
      return loaded;
    }
  }

  public static final class ClosingWriter extends Part implements CacheWriter<String, String> {
    @Override
    public void write(Cache.Entry<? extends String, ? extends String> entry) {}

    @Override
    public void writeAll(java.util.Collection<Cache.Entry<? extends String, ? extends String>> entries) {
      entries.clear();
    }

    @Override
    public void delete(Object key) {}

    @Override
    public void deleteAll(java.util.Collection<?> keys) {
      keys.clear();
    }
  }

  public static final class ClosingExpiry extends Part implements ExpiryPolicy {
    @Override
    public javax.cache.expiry.Duration getExpiryForCreation() {
      return javax.cache.expiry.Duration.ETERNAL;
    }

    @Override
    public javax.cache.expiry.Duration getExpiryForAccess() {
      return null;
    }

    @Override
    public javax.cache.expiry.Duration getExpiryForUpdate() {
      return null;
    }
  }

  public static final class ClosingListener extends Part implements CacheEntryCreatedListener<String, String> {
    @Override
    public void onCreated(Iterable<CacheEntryEvent<? extends String, ? extends String>> events) {}
  }

  public static final class ClosingFilter extends Part implements CacheEntryEventFilter<String, String> {
    @Override
    public boolean evaluate(CacheEntryEvent<? extends String, ? extends String> event) {
      return true;
    }
  }

  private static MutableConfiguration<String, String> everyPart() {
    return new MutableConfiguration<String, String>().setTypes(String.class, String.class)
        .setReadThrough(true).setCacheLoaderFactory(FactoryBuilder.factoryOf(ClosingLoader.class))
        .setWriteThrough(true).setCacheWriterFactory(FactoryBuilder.factoryOf(ClosingWriter.class))
        .setExpiryPolicyFactory(FactoryBuilder.factoryOf(ClosingExpiry.class));
  }

  private static MutableCacheEntryListenerConfiguration<String, String> listener() {
    return new MutableCacheEntryListenerConfiguration<>(FactoryBuilder.factoryOf(ClosingListener.class),
        FactoryBuilder.factoryOf(ClosingFilter.class), false, true);
  }

  /** Creates the cache on node 0, registers a listener on node 1, and uses it from every node. */
  private void createAndUse(String name) {
    cluster.manager(0).createCache(name, everyPart());
    cluster.manager(1).getCache(name, String.class, String.class).registerCacheEntryListener(listener());
    for (int node = 0; node < 3; node++) {
      Cache<String, String> cache = cluster.manager(node).getCache(name, String.class, String.class);
      for (int i = 0; i < 30; i++) {
        cache.put("put-" + node + "-" + i, "v");
        cache.get("read-" + i);
      }
    }
  }

  /** How many parts of each kind were built, and how many of those are closed. */
  private static Map<String, String> builtAndClosed() {
    Map<String, int[]> counts = new TreeMap<>();
    for (Part part : BUILT) {
      int[] count = counts.computeIfAbsent(part.kind(), kind -> new int[2]);
      count[0]++;
      count[1] += part.closed ? 1 : 0;
    }
    Map<String, String> shown = new TreeMap<>();
    counts.forEach((kind, count) -> shown.put(kind, count[0] + " built, " + count[1] + " closed"));
    return shown;
  }

  @Test
  void destroyingACacheClosesWhatEveryNodeBuiltForIt() {
    createAndUse("destroyed");
    assertEquals(Map.of(
        "ClosingExpiry", "3 built, 0 closed",
        "ClosingFilter", "1 built, 0 closed",
        "ClosingListener", "1 built, 0 closed",
        "ClosingLoader", "3 built, 0 closed",
        "ClosingWriter", "3 built, 0 closed"), builtAndClosed(),
        "each node builds its own loader, writer and expiry policy; the listener and its filter are"
            + " built on the node they were registered on");

    cluster.manager(2).destroyCache("destroyed");

    assertEquals(Map.of(
        "ClosingExpiry", "3 built, 3 closed",
        "ClosingFilter", "1 built, 1 closed",
        "ClosingListener", "1 built, 1 closed",
        "ClosingLoader", "3 built, 3 closed",
        "ClosingWriter", "3 built, 3 closed"), builtAndClosed());
  }

  @Test
  void aNodeThatStopsClosesWhatItBuiltAndTheOthersKeepTheirs() {
    createAndUse("stopped");

    cluster.stop(2);

    assertEquals(Map.of(
        "ClosingExpiry", "3 built, 1 closed",
        "ClosingFilter", "1 built, 0 closed",
        "ClosingListener", "1 built, 0 closed",
        "ClosingLoader", "3 built, 1 closed",
        "ClosingWriter", "3 built, 1 closed"), builtAndClosed());
  }

  @Test
  void closingAHandleClosesItsListenersAndLeavesTheCacheToTheOtherNodes() {
    createAndUse("handle");

    cluster.manager(1).getCache("handle", String.class, String.class).close();

    assertEquals(Map.of(
        "ClosingExpiry", "3 built, 0 closed",
        "ClosingFilter", "1 built, 1 closed",
        "ClosingListener", "1 built, 1 closed",
        "ClosingLoader", "3 built, 0 closed",
        "ClosingWriter", "3 built, 0 closed"), builtAndClosed());
    assertEquals("loaded fresh", cluster.manager(0).getCache("handle", String.class, String.class).get("fresh"),
        "the cache lives on, with its loaders open");
  }
}
