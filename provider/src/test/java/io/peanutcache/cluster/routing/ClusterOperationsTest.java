package io.peanutcache.cluster.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.peanutcache.PeanutConfiguration;
import io.peanutcache.jcache.PeanutCache;
import io.peanutcache.testing.InJvmCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Three nodes in this JVM, talking gRPC over loopback, with a static peer list. */
class ClusterOperationsTest {

  @RegisterExtension
  static final InJvmCluster cluster = InJvmCluster.of(3).rpcTimeout(Duration.ofSeconds(20));

  private final List<String> created = new ArrayList<>();

  @AfterEach
  void destroyCaches() {
    for (String name : created) {
      cluster.manager(0).destroyCache(name);
    }
    SlowScoreLoader.holdUntil = () -> true;
  }

  private Cache<String, String> strings(String name) {
    created.add(name);
    return cluster.manager(0).createCache(name,
        new MutableConfiguration<String, String>().setTypes(String.class, String.class));
  }

  private static <K, V> Cache<K, V> on(int node, String name, Class<K> keys, Class<V> values) {
    return cluster.manager(node).getCache(name, keys, values);
  }

  private static long held(int node, String name) {
    return cluster.manager(node).getCache(name).unwrap(PeanutCache.class).engine().store().size();
  }

  @Test
  void eachNodeOwnsAboutAThirdOfTheKeys() {
    Cache<String, String> cache = strings("routing");
    for (int i = 0; i < 10_000; i++) {
      cache.put("key-" + i, "value-" + i);
    }
    long total = 0;
    for (int node = 0; node < 3; node++) {
      long held = held(node, "routing");
      assertTrue(held >= 2_800 && held <= 3_900, "node " + node + " holds " + held + " of 10,000 keys");
      total += held;
    }
    assertEquals(10_000, total, "every key is held once, by its owner");
  }

  @Test
  void readsFromAnyNodeSeeWritesFromAnyNode() {
    strings("shared");
    for (int i = 0; i < 300; i++) {
      on(i % 3, "shared", String.class, String.class).put("key-" + i, "value-" + i);
    }
    for (int i = 0; i < 300; i++) {
      assertEquals("value-" + i, on((i + 1) % 3, "shared", String.class, String.class).get("key-" + i));
      assertTrue(on((i + 2) % 3, "shared", String.class, String.class).containsKey("key-" + i));
    }
  }

  @Test
  void conditionalWritesRunOnTheOwner() {
    strings("conditional");
    Cache<String, String> a = on(0, "conditional", String.class, String.class);
    Cache<String, String> b = on(1, "conditional", String.class, String.class);
    Cache<String, String> c = on(2, "conditional", String.class, String.class);
    for (int i = 0; i < 30; i++) {
      String key = "key-" + i;
      assertTrue(a.putIfAbsent(key, "1"));
      assertFalse(b.putIfAbsent(key, "2"));
      assertEquals("1", c.getAndPut(key, "3"));
      assertFalse(a.replace(key, "1", "4"));
      assertTrue(b.replace(key, "3", "4"));
      assertEquals("4", c.getAndReplace(key, "5"));
      assertFalse(a.remove(key, "4"));
      assertTrue(b.remove(key, "5"));
      assertNull(c.getAndRemove(key));
      assertFalse(a.containsKey(key));
    }
  }

  @Test
  void loadsOnceWhenThreeNodesAndSixteenThreadsEachMissTogether() throws Exception {
    created.add("scores");
    MutableConfiguration<String, String> configuration = new MutableConfiguration<String, String>()
        .setTypes(String.class, String.class)
        .setReadThrough(true)
        .setCacheLoaderFactory(FactoryBuilder.factoryOf(SlowScoreLoader.class));
    cluster.manager(0).createCache("scores", configuration);
    SlowScoreLoader.LOADS.set(0);
    // the load finishes only once all 47 other callers have joined it on the owner
    SlowScoreLoader.holdUntil = () -> deduped("scores") == 3 * 16 - 1;

    ExecutorService pool = Executors.newFixedThreadPool(48);
    try {
      List<Future<String>> results = new ArrayList<>();
      for (int node = 0; node < 3; node++) {
        Cache<String, String> cache = on(node, "scores", String.class, String.class);
        for (int thread = 0; thread < 16; thread++) {
          results.add(pool.submit(() -> cache.get("Tom")));
        }
      }
      for (Future<String> result : results) {
        assertEquals("score of Tom", result.get(30, TimeUnit.SECONDS));
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(1, SlowScoreLoader.LOADS.get(), "CacheLoader.load calls across the cluster");
  }

  private static long deduped(String name) {
    long sum = 0;
    for (int node = 0; node < 3; node++) {
      sum += cluster.manager(node).getCache(name).unwrap(PeanutCache.class).engine().loadsDeduped();
    }
    return sum;
  }

  @Test
  void bulkOperationsSpanEveryOwner() {
    strings("bulk");
    Map<String, String> entries = new HashMap<>();
    for (int i = 0; i < 300; i++) {
      entries.put("key-" + i, "value-" + i);
    }
    on(0, "bulk", String.class, String.class).putAll(entries);
    for (int node = 0; node < 3; node++) {
      assertTrue(held(node, "bulk") > 0, "node " + node + " owns some of the 300 keys");
    }

    assertEquals(entries, on(1, "bulk", String.class, String.class).getAll(entries.keySet()));

    Set<String> removed = new HashSet<>();
    for (int i = 0; i < 100; i++) {
      removed.add("key-" + i);
    }
    on(2, "bulk", String.class, String.class).removeAll(removed);
    Map<String, String> left = on(0, "bulk", String.class, String.class).getAll(entries.keySet());
    assertEquals(200, left.size());
    assertTrue(left.keySet().stream().noneMatch(removed::contains));

    on(1, "bulk", String.class, String.class).removeAll();
    assertTrue(on(2, "bulk", String.class, String.class).getAll(entries.keySet()).isEmpty());
  }

  @Test
  void iterationCoversTheWholeClusterAndRemovesThroughOwners() {
    strings("iterated");
    for (int i = 0; i < 500; i++) {
      on(0, "iterated", String.class, String.class).put("key-" + i, "value-" + i);
    }
    Set<String> seen = new HashSet<>();
    for (Cache.Entry<String, String> entry : on(1, "iterated", String.class, String.class)) {
      assertEquals("value-" + entry.getKey().substring(4), entry.getValue());
      assertTrue(seen.add(entry.getKey()), "each entry once: " + entry.getKey());
    }
    assertEquals(500, seen.size());

    Iterator<Cache.Entry<String, String>> iterator = on(2, "iterated", String.class, String.class).iterator();
    while (iterator.hasNext()) {
      iterator.next();
      iterator.remove();
    }
    for (int node = 0; node < 3; node++) {
      assertEquals(0, held(node, "iterated"));
    }
  }

  @Test
  void entryProcessorsRunAtomicallyOnTheOwner() throws Exception {
    created.add("counters");
    cluster.manager(0).createCache("counters",
        new MutableConfiguration<String, Long>().setTypes(String.class, Long.class));
    ExecutorService pool = Executors.newFixedThreadPool(24);
    try {
      List<Future<?>> work = new ArrayList<>();
      for (int node = 0; node < 3; node++) {
        Cache<String, Long> counters = on(node, "counters", String.class, Long.class);
        for (int thread = 0; thread < 8; thread++) {
          work.add(pool.submit(() -> {
            for (int i = 0; i < 1_000; i++) {
              counters.invoke("visits", new Counter());
            }
          }));
        }
      }
      for (Future<?> done : work) {
        done.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(24_000L, on(1, "counters", String.class, Long.class).get("visits"),
        "3 nodes x 8 threads x 1,000 increments, none lost");
  }

  @Test
  void aProcessorThatCannotBeSentStillRunsAtomicallyOnEveryNode() throws Exception {
    created.add("lambda-counters");
    cluster.manager(0).createCache("lambda-counters",
        new MutableConfiguration<String, Long>().setTypes(String.class, Long.class));
    // a lambda is not Serializable: it runs on the calling node against the owner's entry
    javax.cache.processor.EntryProcessor<String, Long, Long> increment = (entry, arguments) -> {
      long next = entry.exists() ? entry.getValue() + 1 : 1;
      entry.setValue(next);
      return next;
    };
    ExecutorService pool = Executors.newFixedThreadPool(24);
    try {
      List<Future<?>> work = new ArrayList<>();
      for (int node = 0; node < 3; node++) {
        Cache<String, Long> counters = on(node, "lambda-counters", String.class, Long.class);
        for (int thread = 0; thread < 8; thread++) {
          work.add(pool.submit(() -> {
            for (int i = 0; i < 1_000; i++) {
              counters.invoke("visits", increment);
            }
          }));
        }
      }
      for (Future<?> done : work) {
        done.get(300, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(24_000L, on(2, "lambda-counters", String.class, Long.class).get("visits"),
        "3 nodes x 8 threads x 1,000 increments, none lost");
  }

  @Test
  void theClusterWideStatisticsSumWhatEveryNodesHandleCounted() {
    created.add("counted");
    cluster.manager(0).createCache("counted", new MutableConfiguration<String, String>()
        .setTypes(String.class, String.class).setStatisticsEnabled(true));
    Cache<String, String> a = on(0, "counted", String.class, String.class);
    Cache<String, String> b = on(1, "counted", String.class, String.class);
    Cache<String, String> c = on(2, "counted", String.class, String.class);
    for (int i = 0; i < 10; i++) {
      a.put("key-" + i, "value");
    }
    for (int i = 0; i < 5; i++) {
      assertEquals("value", b.get("key-" + i));
    }
    for (int i = 0; i < 3; i++) {
      assertNull(c.get("missing-" + i));
    }
    c.remove("key-0");

    io.peanutcache.management.ClusterStatistics total =
        a.unwrap(PeanutCache.class).clusterStatistics();

    assertEquals(3, total.byNode().size(), "a share from every node: " + total.byNode());
    assertEquals(10, total.puts());
    assertEquals(5, total.hits());
    assertEquals(3, total.misses());
    assertEquals(1, total.removals());
    assertEquals(10, total.byNode().get(cluster.address(0)).puts(), "node 1's handle made the puts");
    assertEquals(5, total.byNode().get(cluster.address(1)).hits());
    assertEquals(3, total.byNode().get(cluster.address(2)).misses());
    assertEquals(5, b.unwrap(PeanutCache.class).statistics().getCacheHits(),
        "each node's MXBean keeps its own handle's counts");
  }

  @Test
  void aCacheCreatedOnOneNodeExistsOnEveryNodeAndIsDestroyedEverywhere() {
    CacheManager a = cluster.manager(0);
    CacheManager b = cluster.manager(1);
    CacheManager c = cluster.manager(2);
    a.createCache("lifecycle", new MutableConfiguration<String, String>().setTypes(String.class, String.class));
    assertNotNull(b.getCache("lifecycle", String.class, String.class), "visible on another node");
    b.getCache("lifecycle", String.class, String.class).put("k", "v");
    assertEquals("v", c.getCache("lifecycle", String.class, String.class).get("k"));

    c.destroyCache("lifecycle");

    assertNull(a.getCache("lifecycle"));
    assertNull(b.getCache("lifecycle"));
    assertNull(c.getCache("lifecycle"));

    Cache<String, Long> recreated = b.createCache("lifecycle",
        new MutableConfiguration<String, Long>().setTypes(String.class, Long.class));
    recreated.put("k", 1L);
    assertEquals(1L, a.getCache("lifecycle", String.class, Long.class).get("k"));
    created.add("lifecycle");
  }

  /** A listener that ignores what it hears: the test is about registering it. */
  public static final class QuietListener implements javax.cache.event.CacheEntryCreatedListener<String, String>,
      java.io.Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public void onCreated(Iterable<javax.cache.event.CacheEntryEvent<? extends String, ? extends String>> events) {}
  }

  @Test
  void aHandleClosedAndObtainedAgainKeepsItsListenersRegisteredOnce() {
    created.add("listened");
    MutableConfiguration<String, String> configuration = new MutableConfiguration<String, String>()
        .setTypes(String.class, String.class);
    configuration.addCacheEntryListenerConfiguration(new javax.cache.configuration.MutableCacheEntryListenerConfiguration<>(
        FactoryBuilder.factoryOf(QuietListener.class), null, false, true));
    cluster.manager(0).createCache("listened", configuration);

    Cache<String, String> first = cluster.manager(1).getCache("listened", String.class, String.class);
    first.close();
    Cache<String, String> again = cluster.manager(1).getCache("listened", String.class, String.class);

    assertNotNull(again);
    again.put("k", "v");
    assertEquals("v", again.get("k"));
  }

  @Test
  void anEqualDefinitionJoinsAndADifferentOneIsRefusedShowingBoth() {
    strings("defined");
    Cache<String, String> joined = cluster.manager(1).getCache("defined", String.class, String.class);
    assertNotNull(joined);

    PeanutConfiguration<String, String> different = new PeanutConfiguration<String, String>().setMaximumEntries(5);
    different.setTypes(String.class, String.class);
    CacheManager fresh = cluster.manager(2);
    fresh.getCache("defined").close();
    CacheException thrown = assertThrows(CacheException.class, () -> fresh.createCache("defined", different));
    assertTrue(thrown.getMessage().contains("maximumEntries=5"), thrown.getMessage());
    assertTrue(thrown.getMessage().contains("maximumEntries=none"), thrown.getMessage());
  }

  /** Counts the accesses it is asked about, in this JVM, whichever node's copy is asked. */
  public static final class CountingAccessExpiry implements javax.cache.expiry.ExpiryPolicy, java.io.Serializable {
    private static final long serialVersionUID = 1L;
    static final java.util.concurrent.atomic.AtomicInteger ACCESSES = new java.util.concurrent.atomic.AtomicInteger();

    @Override
    public javax.cache.expiry.Duration getExpiryForCreation() {
      return javax.cache.expiry.Duration.ETERNAL;
    }

    @Override
    public javax.cache.expiry.Duration getExpiryForAccess() {
      ACCESSES.incrementAndGet();
      return null;
    }

    @Override
    public javax.cache.expiry.Duration getExpiryForUpdate() {
      return null;
    }
  }

  @Test
  void iterationReadsEachEntryWhenItReturnsItWhicheverNodeOwnsIt() {
    created.add("iterated");
    Cache<String, String> cache = cluster.manager(0).createCache("iterated", new MutableConfiguration<String, String>()
        .setTypes(String.class, String.class)
        .setExpiryPolicyFactory(FactoryBuilder.factoryOf(CountingAccessExpiry.class)));
    for (int i = 0; i < 30; i++) {
      cache.put("key-" + i, "value-" + i);
    }
    CountingAccessExpiry.ACCESSES.set(0);

    Iterator<Cache.Entry<String, String>> entries = cache.iterator();
    for (int returned = 1; returned <= 30; returned++) {
      entries.next();
      assertEquals(returned, CountingAccessExpiry.ACCESSES.get(), "accesses after " + returned + " entries");
    }
    assertFalse(entries.hasNext());
  }
}
