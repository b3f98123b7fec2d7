package io.peanutcache.jcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.integration.CacheLoader;
import javax.cache.integration.CacheLoaderException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ReadThroughTest {

  private static final int CALLERS = 16;
  private final CacheManager manager = Caches.manager();
  private final ExecutorService pool = Executors.newFixedThreadPool(CALLERS);

  @AfterEach
  void close() {
    pool.shutdownNow();
    manager.close();
  }

  /** A loader that runs a function given by the test. */
  static final class FunctionLoader implements CacheLoader<String, String> {
    private final Function<String, String> load;

    FunctionLoader(Function<String, String> load) {
      this.load = load;
    }

    @Override
    public String load(String key) {
      return load.apply(key);
    }

    @Override
    public Map<String, String> loadAll(Iterable<? extends String> keys) {
      Map<String, String> values = new java.util.HashMap<>();
      keys.forEach(key -> values.put(key, load.apply(key)));
      return values;
    }
  }

  private Cache<String, String> readThrough(String name, Function<String, String> load) {
    MutableConfiguration<String, String> configuration = new MutableConfiguration<String, String>()
        .setTypes(String.class, String.class)
        .setReadThrough(true)
        .setCacheLoaderFactory(new FactoryBuilder.SingletonFactory<>(new FunctionLoader(load)));
    return manager.createCache(name, configuration);
  }

  private static void waitUntil(BooleanSupplier condition) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not reached within 10 s");
      }
      Thread.onSpinWait();
    }
  }

  private static PeanutCache<?, ?> peanut(Cache<?, ?> cache) {
    return cache.unwrap(PeanutCache.class);
  }

  @Test
  void loadsOnceWhenManyThreadsMissTogether() throws Exception {
    AtomicInteger loads = new AtomicInteger();
    Cache<String, String>[] holder = new Cache[1];
    holder[0] = readThrough("scores", key -> {
      loads.incrementAndGet();
      // hold the load until every other caller has joined it
      waitUntil(() -> peanut(holder[0]).engine().loadsDeduped() == CALLERS - 1);
      return "630";
    });

    List<Future<String>> results = new ArrayList<>();
    for (int i = 0; i < CALLERS; i++) {
      results.add(pool.submit(() -> holder[0].get("Tom")));
    }

    for (Future<String> result : results) {
      assertEquals("630", result.get(10, TimeUnit.SECONDS));
    }
    assertEquals(1, loads.get(), "CacheLoader.load calls");
    assertEquals(1, peanut(holder[0]).engine().loads());
    assertEquals("630", holder[0].get("Tom"));
    assertEquals(1, loads.get(), "a hit does not load");
  }

  @Test
  void everyCallerGetsTheSameLoadFailure() throws Exception {
    Cache<String, String>[] holder = new Cache[1];
    IllegalStateException sourceDown = new IllegalStateException("scores database is down");
    holder[0] = readThrough("failing", key -> {
      waitUntil(() -> peanut(holder[0]).engine().loadsDeduped() == CALLERS - 1);
      throw sourceDown;
    });

    List<Future<String>> results = new ArrayList<>();
    for (int i = 0; i < CALLERS; i++) {
      results.add(pool.submit(() -> holder[0].get("Tom")));
    }

    for (Future<String> result : results) {
      ExecutionException thrown = assertThrows(ExecutionException.class, () -> result.get(10, TimeUnit.SECONDS));
      assertTrue(thrown.getCause() instanceof CacheLoaderException, thrown.getCause().toString());
      assertSame(sourceDown, thrown.getCause().getCause());
    }
    assertFalse(holder[0].containsKey("Tom"), "a failed load stores nothing");
  }

  @Test
  void aPutDuringALoadWinsOverTheLoadedValue() throws Exception {
    CountDownLatch loading = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Cache<String, String> cache = readThrough("race-put", key -> {
      loading.countDown();
      awaitQuietly(release);
      return "stale";
    });

    Future<String> reader = pool.submit(() -> cache.get("Tom"));
    assertTrue(loading.await(10, TimeUnit.SECONDS));
    cache.put("Tom", "fresh");
    release.countDown();

    assertEquals("fresh", reader.get(10, TimeUnit.SECONDS), "the reader sees the newer value");
    assertEquals("fresh", cache.get("Tom"));
  }

  @Test
  void aRemoveDuringALoadWinsOverTheLoadedValue() throws Exception {
    CountDownLatch loading = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger loads = new AtomicInteger();
    Cache<String, String> cache = readThrough("race-remove", key -> {
      if (loads.incrementAndGet() == 1) {
        loading.countDown();
        awaitQuietly(release);
        return "stale";
      }
      return "reloaded";
    });

    Future<String> reader = pool.submit(() -> cache.get("Tom"));
    assertTrue(loading.await(10, TimeUnit.SECONDS));
    cache.remove("Tom");
    release.countDown();

    assertEquals("stale", reader.get(10, TimeUnit.SECONDS), "the caller still gets what it loaded");
    assertFalse(cache.containsKey("Tom"), "but the stale value is not stored after the remove");
    assertEquals("reloaded", cache.get("Tom"), "the next read loads again");
  }

  @Test
  void aRemoveDuringAGetAllLoadWinsAndAConcurrentGetJoinsTheLoad() throws Exception {
    CountDownLatch loading = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger loads = new AtomicInteger();
    Cache<String, String> cache = readThrough("race-get-all", key -> {
      loads.incrementAndGet();
      loading.countDown();
      awaitQuietly(release);
      return "loaded " + key;
    });

    Future<Map<String, String>> bulk = pool.submit(() -> cache.getAll(java.util.Set.of("Tom", "Jack")));
    assertTrue(loading.await(10, TimeUnit.SECONDS));
    Future<String> single = pool.submit(() -> cache.get("Jack"));
    waitUntil(() -> peanut(cache).engine().loadsDeduped() == 1);
    cache.remove("Tom");
    release.countDown();

    assertEquals(Map.of("Tom", "loaded Tom", "Jack", "loaded Jack"), bulk.get(10, TimeUnit.SECONDS));
    assertEquals("loaded Jack", single.get(10, TimeUnit.SECONDS), "the get shared the getAll's load");
    assertEquals(2, loads.get(), "one load per key, however many callers");
    assertFalse(cache.containsKey("Tom"), "the remove during the load wins");
    assertTrue(cache.containsKey("Jack"));
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
