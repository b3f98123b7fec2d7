package io.peanutcache.cluster.hot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.peanutcache.PeanutConfiguration;
import io.peanutcache.cluster.hosting.CacheId;
import io.peanutcache.cluster.Node;
import io.peanutcache.cluster.Nodes;
import io.peanutcache.jcache.PeanutCache;
import io.peanutcache.testing.InJvmCluster;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import javax.cache.Cache;
import javax.cache.expiry.AccessedExpiryPolicy;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.MutableEntry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Three nodes in this JVM with a hot cache: node A (0) reads keys that node B (1) owns, node C (2)
 * is a third party that writes them.
 */
class HotCacheClusterTest {

  private static final int A = 0;
  private static final int B = 1;
  private static final int C = 2;

  /** Long enough that only an invalidation, never the age, can remove a copy during a test. */
  private static final Duration LONG_AGE = Duration.ofMinutes(5);

  /** How long a test waits for something that does not depend on timing, just on it happening. */
  private static final long EVENTUALLY_MILLIS = 10_000;

  @RegisterExtension
  static final InJvmCluster cluster = InJvmCluster.of(3).rpcTimeout(Duration.ofSeconds(10));

  private final List<String> created = new ArrayList<>();

  @AfterEach
  void cleanUp() {
    LostInvalidations.none();
    for (String name : created) {
      cluster.manager(A).destroyCache(name);
    }
  }

  private Cache<String, String> create(String name, Duration maximumAge,
      Consumer<PeanutConfiguration<String, String>> more) {
    PeanutConfiguration<String, String> configuration = new PeanutConfiguration<String, String>()
        .setHotCache(1_000, maximumAge);
    configuration.setTypes(String.class, String.class);
    more.accept(configuration);
    created.add(name);
    return cluster.manager(A).createCache(name, configuration);
  }

  private static Cache<String, String> on(int node, String name) {
    return cluster.manager(node).getCache(name, String.class, String.class);
  }

  private static Node node(int index) {
    return Nodes.of(cluster.manager(index));
  }

  private static HotCache copiesOn(int node, String name) {
    return node(node).hot().copies(new CacheId(InJvmCluster.URI.toString(), name));
  }

  /** The first {@code count} keys "key-i" that node {@code owner} owns. */
  @SuppressWarnings("unchecked")
  private static List<String> keysOwnedBy(int owner, String name, int count) {
    PeanutCache<String, String> cache = on(A, name).unwrap(PeanutCache.class);
    List<String> keys = new ArrayList<>();
    for (int i = 0; keys.size() < count; i++) {
      if (cache.ownerOf("key-" + i).equals(cluster.address(owner))) {
        keys.add("key-" + i);
      }
    }
    return keys;
  }

  private static void awaitTrue(BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(EVENTUALLY_MILLIS);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(what + " did not happen within " + EVENTUALLY_MILLIS + " ms");
      }
      Thread.onSpinWait();
    }
  }

  @Test
  void aRemoteGetKeepsAHotCopyThatLaterGetsAnswerWithoutTheOwner() {
    create("hot-served", LONG_AGE, c -> { });
    String key = keysOwnedBy(B, "hot-served", 1).get(0);
    on(B, "hot-served").put(key, "one");
    assertEquals("one", on(A, "hot-served").get(key));
    assertTrue(copiesOn(A, "hot-served").holds(key));

    long ownerOperations = node(B).caches().ownerOperations();
    for (int i = 0; i < 100; i++) {
      assertEquals("one", on(A, "hot-served").get(key));
    }
    assertEquals(ownerOperations, node(B).caches().ownerOperations(),
        "gets answered from the hot copy do not reach the owner");
  }

  @Test
  void aPutOnTheOwnerRemovesTheHotCopyWithin100Milliseconds() {
    create("hot-put", LONG_AGE, c -> { });
    String key = keysOwnedBy(B, "hot-put", 1).get(0);
    Cache<String, String> a = on(A, "hot-put");
    Cache<String, String> b = on(B, "hot-put");
    HotCache copies = copiesOn(A, "hot-put");
    List<Long> micros = new ArrayList<>();
    for (int round = 0; round < 20; round++) {
      b.put(key, "value-" + round);
      long put = System.nanoTime();
      // the copy of the previous round goes; wait for it, then fetch a fresh one
      while (copies.holds(key) && System.nanoTime() - put < TimeUnit.SECONDS.toNanos(5)) {
        Thread.onSpinWait();
      }
      micros.add((System.nanoTime() - put) / 1_000);
      assertEquals("value-" + round, a.get(key));
      assertTrue(copies.holds(key), "round " + round + " keeps a new copy");
    }
    micros.remove(0); // round 0 had no copy to remove
    long worst = micros.stream().mapToLong(Long::longValue).max().orElseThrow();
    assertTrue(worst <= 100_000, "A's copy went " + micros + " µs after each put on B");
  }

  /** A serializable processor that sets the entry's value. */
  record SetValue(String value) implements EntryProcessor<String, String, Void>, Serializable {
    @Override
    public Void process(MutableEntry<String, String> entry, Object... arguments) {
      entry.setValue(value);
      return null;
    }
  }

  @Test
  void everyKindOfChangeOnTheOwnerRemovesTheHotCopy() {
    create("hot-changes", LONG_AGE, c -> { });
    List<String> keys = keysOwnedBy(B, "hot-changes", 3);
    String key = keys.get(0);
    Cache<String, String> a = on(A, "hot-changes");
    Cache<String, String> c = on(C, "hot-changes");
    HotCache copies = copiesOn(A, "hot-changes");
    Map<String, Runnable> changes = new java.util.LinkedHashMap<>();
    changes.put("put", () -> c.put(key, "put"));
    changes.put("getAndPut", () -> c.getAndPut(key, "getAndPut"));
    changes.put("replace", () -> c.replace(key, "replace"));
    changes.put("replace if equal", () -> c.replace(key, c.get(key), "replaceIfEqual"));
    changes.put("invoke", () -> c.invoke(key, new SetValue("invoke")));
    changes.put("invoke with a lambda", () -> c.invoke(key, (entry, args) -> {
      entry.setValue("lambda");
      return null;
    }));
    changes.put("putAll", () -> c.putAll(Map.of(key, "putAll", keys.get(1), "other")));
    changes.put("remove", () -> c.remove(key));
    changes.put("removeAll of keys", () -> c.removeAll(Set.of(key, keys.get(2))));
    changes.put("removeAll", c::removeAll);
    changes.put("clear", c::clear);
    for (Map.Entry<String, Runnable> change : changes.entrySet()) {
      c.put(key, "before " + change.getKey());
      awaitTrue(() -> "before ".concat(change.getKey()).equals(a.get(key)) && copies.holds(key),
          "A holding a copy before " + change.getKey());
      change.getValue().run();
      String expected = on(B, "hot-changes").get(key);
      awaitTrue(() -> !copies.holds(key), "A dropping its copy after " + change.getKey());
      assertEquals(expected, a.get(key), "A reads what the owner has after " + change.getKey());
    }
  }

  @Test
  void neverServesACopyOlderThanItsMaximumAgeWhenInvalidationsAreLost() {
    Duration maximumAge = Duration.ofSeconds(2);
    create("hot-lost", maximumAge, c -> { });
    String key = keysOwnedBy(B, "hot-lost", 1).get(0);
    Cache<String, String> a = on(A, "hot-lost");
    on(B, "hot-lost").put(key, "old");
    assertEquals("old", a.get(key));
    long copied = System.nanoTime();
    LostInvalidations.from(cluster.address(B));
    on(B, "hot-lost").put(key, "new");
    assertEquals("old", a.get(key), "with its invalidation lost, A still serves its copy");

    long staleUntil = copied + maximumAge.toNanos();
    String seen;
    do {
      long asked = System.nanoTime();
      seen = a.get(key);
      if ("old".equals(seen)) {
        assertTrue(asked < staleUntil, "A served a copy " + (asked - copied) / 1_000_000
            + " ms old; the maximum age is " + maximumAge.toMillis() + " ms");
      }
    } while ("old".equals(seen) || System.nanoTime() < staleUntil);
    assertEquals("new", seen);
  }

  @Test
  void aNodeThatMissedInvalidationsDropsTheCopiesItCanNoLongerTrust() {
    create("hot-gap", LONG_AGE, c -> { });
    String key = keysOwnedBy(B, "hot-gap", 1).get(0);
    Cache<String, String> a = on(A, "hot-gap");
    on(B, "hot-gap").put(key, "old");
    assertEquals("old", a.get(key));
    LostInvalidations.from(cluster.address(B));
    on(B, "hot-gap").put(key, "new");
    assertEquals("old", a.get(key), "with its invalidation lost, A still serves its copy");
    LostInvalidations.none();
    // no further change: only B's heartbeat can tell A what it missed
    awaitTrue(() -> "new".equals(a.get(key)), "A noticing the lost invalidation");
  }

  @Test
  void aHotCopyNeverOutlivesItsEntry() {
    Duration life = Duration.ofSeconds(1);
    create("hot-expiry", LONG_AGE,
        c -> c.setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(new javax.cache.expiry.Duration(
            TimeUnit.MILLISECONDS, life.toMillis()))));
    String key = keysOwnedBy(B, "hot-expiry", 1).get(0);
    Cache<String, String> a = on(A, "hot-expiry");
    on(B, "hot-expiry").put(key, "short-lived");
    long expiresBy = System.nanoTime() + life.toNanos();
    String seen = a.get(key);
    assertEquals("short-lived", seen);
    assertTrue(copiesOn(A, "hot-expiry").holds(key), "a created expiry allows hot copies");
    while (System.nanoTime() < expiresBy + TimeUnit.MILLISECONDS.toNanos(200)) {
      long asked = System.nanoTime();
      seen = a.get(key);
      if (seen != null) {
        assertTrue(asked < expiresBy, "A served the value " + (asked - expiresBy) / 1_000_000
            + " ms after its entry expired");
      }
    }
    assertNull(seen);
  }

  @Test
  void anExpiryPolicyThatChangesOnAccessKeepsTheHotCacheOff() {
    create("hot-accessed", LONG_AGE, c -> c.setExpiryPolicyFactory(
        AccessedExpiryPolicy.factoryOf(javax.cache.expiry.Duration.ONE_HOUR)));
    String key = keysOwnedBy(B, "hot-accessed", 1).get(0);
    on(B, "hot-accessed").put(key, "one");
    assertEquals("one", on(A, "hot-accessed").get(key));
    assertNull(copiesOn(A, "hot-accessed"), "no hot cache when a read changes the expiry");
  }

  @Test
  @SuppressWarnings("unchecked")
  void aHitOnAHotCopyCountsAsAHit() {
    create("hot-statistics", LONG_AGE, c -> c.setStatisticsEnabled(true));
    String key = keysOwnedBy(B, "hot-statistics", 1).get(0);
    on(B, "hot-statistics").put(key, "one");
    Cache<String, String> a = on(A, "hot-statistics");
    for (int i = 0; i < 10; i++) {
      assertEquals("one", a.get(key));
    }
    assertTrue(copiesOn(A, "hot-statistics").holds(key));
    PeanutCache<String, String> handle = a.unwrap(PeanutCache.class);
    assertEquals(10, handle.statistics().getCacheHits());
    assertEquals(0, handle.statistics().getCacheMisses());
  }

  @Test
  void aReadThroughMissIsLoadedOnTheOwnerAndThenServedHot() {
    create("hot-loaded", LONG_AGE, c -> c.setReadThrough(true)
        .setCacheLoaderFactory(javax.cache.configuration.FactoryBuilder.factoryOf(KeyAsValue.class)));
    String key = keysOwnedBy(B, "hot-loaded", 1).get(0);
    Cache<String, String> a = on(A, "hot-loaded");
    assertEquals("loaded " + key, a.get(key));
    awaitTrue(() -> "loaded ".concat(key).equals(a.get(key)) && copiesOn(A, "hot-loaded").holds(key),
        "A keeping a copy of the loaded value");
    on(C, "hot-loaded").put(key, "written");
    awaitTrue(() -> "written".equals(a.get(key)), "A seeing the write after the load");
    assertNotNull(copiesOn(A, "hot-loaded"));
    assertFalse(on(B, "hot-loaded").get(key).isEmpty());
  }

  /** Loads "loaded " + the key. */
  public static final class KeyAsValue implements javax.cache.integration.CacheLoader<String, String>,
      Serializable {
    @Override
    public String load(String key) {
      return "loaded " + key;
    }

    @Override
    public Map<String, String> loadAll(Iterable<? extends String> keys) {
      Map<String, String> values = new java.util.HashMap<>();
      keys.forEach(key -> values.put(key, load(key)));
      return values;
    }
  }
}
