package io.peanutcache.benchmarks;

import io.peanutcache.testing.FreePorts;
import java.net.URI;
import java.util.Arrays;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.spi.CachingProvider;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.ThreadParams;

/**
 * Throughput of a local (single-node) JCache hit and overwrite, PeanutCache beside Caffeine's
 * JCache provider in the same run.
 *
 * <p>Every provider runs the same code: the benchmark uses only the standard JCache API and picks
 * the provider by class name ({@link CacheState#provider}). The cache is a plain
 * {@link MutableConfiguration} of {@code String} to {@code byte[]} with statistics off and no
 * expiry, configured store-by-value or store-by-reference ({@link CacheState#storeByValue}), and is
 * prefilled with {@value #KEY_COUNT} keys ({@code "key-0"} …) mapped to {@value #VALUE_SIZE}-byte
 * values before measurement starts ({@link CacheState#keyCount} names another number of keys),
 * after which the heap is collected ({@link CacheState#settleHeap}).
 *
 * <p>Each benchmark method exists once per thread count ({@code 1Thread} and {@code 2Threads}, via
 * {@link Threads}) so one command measures both. JMH reports the throughput of all threads of a
 * benchmark added up: divide a {@code 2Threads} score by two for the per-thread rate.
 *
 * <p>The harness does not allocate in the measured loop and shares no written state between
 * threads: every thread walks its own precomputed random order of the keys ({@link Cursor}) and
 * puts values taken from a prebuilt array. Whatever {@code -prof gc} reports as
 * {@code gc.alloc.rate.norm} is therefore allocated by the provider (and by JMH's own
 * bookkeeping, which is a few bytes per operation at most).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 3, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+UseG1GC", "-XX:+AlwaysPreTouch"})
@Warmup(iterations = 2, time = 2, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 3, time = 2, timeUnit = TimeUnit.SECONDS)
public class LocalCacheBenchmark {

  /** Number of distinct keys, all present in the cache while measuring, unless told otherwise. */
  public static final int KEY_COUNT = 100_000;

  /** Size in bytes of every value. */
  public static final int VALUE_SIZE = 100;

  /**
   * Number of prebuilt values the {@code put} benchmarks cycle through; a power of two, and not a
   * divisor of {@link #KEY_COUNT}, so a key is overwritten with a different value on each pass.
   */
  static final int PUT_VALUE_COUNT = 1024;

  private static final int PUT_VALUE_MASK = PUT_VALUE_COUNT - 1;

  /** Name of the single cache every benchmark uses. */
  static final String CACHE_NAME = "local-benchmark";

  /**
   * The cache under test, shared by all benchmark threads: created, prefilled and checked once
   * per trial, and its {@link CacheManager} closed after it.
   */
  @State(Scope.Benchmark)
  public static class CacheState {

    /**
     * Which JCache provider to measure: {@code peanutcache} ({@code
     * io.peanutcache.spi.PeanutCachingProvider}, embedded) or {@code caffeine} ({@code
     * com.github.benmanes.caffeine.jcache.spi.CaffeineCachingProvider}); or, when named with
     * {@code -p provider=peanutcache-node}, PeanutCache as a cluster node (a static peer list of
     * itself alone on a free loopback port), which owns every key: a hit goes through the
     * routing a clustered cache does for a key its node owns.
     */
    @Param({"peanutcache", "caffeine"})
    public String provider;

    /**
     * {@code true}: the cache stores and returns copies, as the JCache default requires;
     * {@code false}: it stores and returns the caller's instances.
     */
    @Param({"true", "false"})
    public boolean storeByValue;

    /**
     * How many keys the cache holds and the threads walk: {@value LocalCacheBenchmark#KEY_COUNT}
     * unless named with {@code -p keyCount=…}. With 100,000 keys the entries a walk touches span
     * about 22 MB and a hit waits on memory; with 1,000 (about 0.2 MB) they stay in the
     * processor's caches, and a hit costs what its code runs.
     */
    @Param({"" + KEY_COUNT})
    public int keyCount;

    /** {@code "key-0"} … {@code "key-<keyCount - 1>"}, in order; shared read-only by all threads. */
    String[] keys;

    /** Values the {@code put} benchmarks write; shared read-only by all threads. */
    byte[][] putValues;

    CacheManager cacheManager;

    Cache<String, byte[]> cache;

    /** Creates the cache through the chosen provider, prefills it and checks it. */
    @Setup(Level.Trial)
    public void setUp() {
      CachingProvider cachingProvider = Caching.getCachingProvider(providerClassName(provider));
      if (provider.equals("peanutcache-node")) {
        Properties node = new Properties();
        String address = FreePorts.loopbackAddresses(1).get(0);
        node.setProperty("peanutcache.bind", address);
        node.setProperty("peanutcache.peers", address);
        cacheManager = cachingProvider.getCacheManager(
            URI.create("urn:peanutcache:local-benchmark-node"), LocalCacheBenchmark.class.getClassLoader(), node);
      } else {
        cacheManager = cachingProvider.getCacheManager();
      }
      MutableConfiguration<String, byte[]> configuration =
          new MutableConfiguration<String, byte[]>()
              .setTypes(String.class, byte[].class)
              .setStoreByValue(storeByValue)
              .setStatisticsEnabled(false)
              .setManagementEnabled(false);
      cache = cacheManager.createCache(CACHE_NAME, configuration);

      keys = keys(keyCount);
      for (int i = 0; i < keyCount; i++) {
        cache.put(keys[i], value(i));
      }
      putValues = new byte[PUT_VALUE_COUNT][];
      for (int i = 0; i < PUT_VALUE_COUNT; i++) {
        putValues[i] = value(keyCount + i);
      }
      check();
      settleHeap();
    }

    /**
     * Collects the whole heap once the cache is filled, so that every provider's entries are
     * measured packed as a long-lived cache's are, whatever the filling left between them. A
     * provider that allocates more while it fills would otherwise leave its entries spread over
     * more memory than one that allocates less, and with 100,000 keys a hit waits on memory: the
     * same code measured about half as fast (by reference, one thread, 2 forks each: PeanutCache
     * 7.9 M ops/s without this collection and 15.9 M with one before each iteration, Caffeine's
     * JCache 9.0 M and 15.5 M). A store-by-value hit allocates its copy, and the collections that
     * follow pack the entries anyway; a store-by-reference hit allocates nothing, so without this
     * its entries would stay where the filling left them for the whole trial.
     */
    static void settleHeap() {
      System.gc();
    }

    /**
     * Fails the trial unless the cache holds what was put and honours {@link #storeByValue}, so a
     * misconfigured cache cannot produce a score.
     */
    private void check() {
      @SuppressWarnings("unchecked") // the JCache API only takes a raw class literal here
      CompleteConfiguration<String, byte[]> actual =
          cache.getConfiguration(CompleteConfiguration.class);
      if (actual.isStoreByValue() != storeByValue) {
        throw new IllegalStateException(
            provider + ": storeByValue is " + actual.isStoreByValue() + ", expected " + storeByValue);
      }
      for (int i : new int[] {0, keyCount / 2, keyCount - 1}) {
        byte[] first = cache.get(keys[i]);
        if (!Arrays.equals(first, value(i))) {
          throw new IllegalStateException(provider + ": wrong or missing value for " + keys[i]);
        }
        byte[] second = cache.get(keys[i]);
        if ((first != second) != storeByValue) {
          throw new IllegalStateException(
              provider
                  + ": two gets of "
                  + keys[i]
                  + (storeByValue ? " returned the same instance" : " returned different instances")
                  + " with storeByValue="
                  + storeByValue);
        }
      }
    }

    /** Closes the cache manager, which closes the cache. */
    @TearDown(Level.Trial)
    public void tearDown() {
      if (cacheManager != null) {
        cacheManager.close();
      }
    }

    /** {@code "key-0"} … {@code "key-<keyCount - 1>"}, in order; at least two. */
    static String[] keys(int keyCount) {
      if (keyCount < 2) {
        throw new IllegalArgumentException("keyCount must be at least 2, was " + keyCount);
      }
      String[] keys = new String[keyCount];
      for (int i = 0; i < keyCount; i++) {
        keys[i] = "key-" + i;
      }
      return keys;
    }

    /** A {@value LocalCacheBenchmark#VALUE_SIZE}-byte value whose contents depend on {@code seed}. */
    static byte[] value(int seed) {
      byte[] value = new byte[VALUE_SIZE];
      for (int i = 0; i < VALUE_SIZE; i++) {
        value[i] = (byte) (seed * 31 + i);
      }
      return value;
    }

    static String providerClassName(String provider) {
      switch (provider) {
        case "peanutcache", "peanutcache-node":
          return "io.peanutcache.spi.PeanutCachingProvider";
        case "caffeine":
          return "com.github.benmanes.caffeine.jcache.spi.CaffeineCachingProvider";
        default:
          throw new IllegalArgumentException("unknown provider: " + provider);
      }
    }
  }

  /**
   * One thread's walk over the keys: its own random permutation of all the cache's keys, visited in order and started again at the end, plus its
   * own index into the prebuilt put values. Only this thread writes it, so there is no shared
   * counter to contend on.
   */
  @State(Scope.Thread)
  public static class Cursor {

    /** This caller's walk over the keys. */
    KeyWalk<String> walk;

    /** Counts puts; its low bits pick the next put value. */
    int putCount;

    /** Shuffles the keys with a seed that differs per caller but not per run. */
    @Setup(Level.Trial)
    public void setUp(CacheState state, ThreadParams threadParams) {
      walk = new KeyWalk<>(state.keys, KeyWalk.SEED + threadParams.getThreadIndex());
    }

    /** The next key of this caller's walk. */
    String nextKey() {
      return walk.next();
    }

    /** The next value to put; successive puts of the same key get different values. */
    byte[] nextPutValue(CacheState state) {
      return state.putValues[putCount++ & PUT_VALUE_MASK];
    }
  }


  /**
   * {@link Cache#get} of a present key, one thread: the cost of a local hit, including the copy
   * of the value when the cache is store-by-value.
   */
  @Benchmark
  @Threads(1)
  public byte[] get1Thread(CacheState state, Cursor cursor) {
    return state.cache.get(cursor.nextKey());
  }

  /**
   * {@link Cache#get} of a present key, two threads hitting the same cache at once: how well a
   * local hit scales when readers run in parallel.
   */
  @Benchmark
  @Threads(2)
  public byte[] get2Threads(CacheState state, Cursor cursor) {
    return state.cache.get(cursor.nextKey());
  }

  /**
   * {@link Cache#put} over a present key with a different value, one thread: the cost of a local
   * overwrite, including the copy of the value when the cache is store-by-value.
   */
  @Benchmark
  @Threads(1)
  public void put1Thread(CacheState state, Cursor cursor) {
    state.cache.put(cursor.nextKey(), cursor.nextPutValue(state));
  }

  /**
   * {@link Cache#put} over a present key with a different value, two threads writing the same
   * cache at once: how well local overwrites scale when writers run in parallel.
   */
  @Benchmark
  @Threads(2)
  public void put2Threads(CacheState state, Cursor cursor) {
    state.cache.put(cursor.nextKey(), cursor.nextPutValue(state));
  }
}
