package io.peanutcache.benchmarks;

import com.hazelcast.cache.HazelcastCachingProvider;
import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.cache.HazelcastClientCachingProvider;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.config.NearCacheConfig;
import com.hazelcast.core.HazelcastInstance;
import io.peanutcache.PeanutConfiguration;
import io.peanutcache.cluster.Nodes;
import io.peanutcache.cluster.hosting.CacheId;
import io.peanutcache.cluster.hot.HotCache;
import io.peanutcache.jcache.PeanutCacheManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
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
 * Throughput of a {@link Cache#get} of <em>popular remote</em> keys with a local copy kept on the
 * caller: PeanutCache's hot cache beside Hazelcast's near cache, in the same run.
 *
 * <p>Per trial, three nodes of the chosen provider start in this JVM as in {@link
 * RemoteGetBenchmark} and a store-by-value cache of {@code String} to {@value
 * LocalCacheBenchmark#VALUE_SIZE}-byte values is made, statistics and management off, no expiry.
 * Its {@value #POPULAR_KEYS} popular keys are the first keys {@code "key-i"} that node 1 does not
 * own; they are put, then read twice through the caller so that its copies are filled.
 *
 * <ul>
 *   <li>{@code peanutcache}: the cache is a {@link PeanutConfiguration} with
 *       {@code setHotCache(10_000, 30 s)}; the caller is node 1's handle. The trial fails unless
 *       node 1's hot cache holds a copy of every popular key after the warm reads.
 *   <li>{@code hazelcast}: three members as in {@link RemoteGetBenchmark}; the caller is a
 *       Hazelcast client in this JVM (a near cache for JCache exists only on clients) with a near
 *       cache for the cache in its default configuration (BINARY in-memory format, invalidate on
 *       change), reached through Hazelcast's client-side JCache provider.
 * </ul>
 *
 * <p>The trial also fails if a get returns a wrong value or the same instance twice (both are
 * store-by-value: each hit decodes a new {@code byte[]}). Each caller walks its own random order
 * of the popular keys, as in {@link RemoteGetBenchmark.Cursor}; the value goes to JMH's
 * blackhole. Scores are operations per second, the total of all callers.
 */
@Fork(value = 2, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+UseG1GC", "-XX:+AlwaysPreTouch",
    "--add-modules", "java.se",
    "--add-exports", "java.base/jdk.internal.ref=ALL-UNNAMED",
    "--add-opens", "java.base/java.lang=ALL-UNNAMED",
    "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-opens", "java.management/sun.management=ALL-UNNAMED",
    "--add-opens", "jdk.management/com.sun.management.internal=ALL-UNNAMED"})
@Warmup(iterations = 3, time = 3, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 3, time = 3, timeUnit = TimeUnit.SECONDS)
public class HotGetBenchmark {

  /** Name of the cache. */
  static final String CACHE_NAME = "hot-benchmark";

  /** How many popular remote keys the callers read. */
  static final int POPULAR_KEYS = 1_000;

  /** The cluster, the caller's handle and the popular keys, shared by all callers. */
  @State(Scope.Benchmark)
  public static class HotState {

    /** {@code peanutcache} (hot cache) or {@code hazelcast} (client with a near cache). */
    @Param({"peanutcache", "hazelcast"})
    public String provider;

    ThreeNodeCluster cluster;
    HazelcastInstance client;
    CacheManager clientManager;
    Cache<String, byte[]> cache;
    String[] popular;

    /** Starts the cluster, puts the popular keys and fills the caller's copies. */
    @Setup(Level.Trial)
    public void setUp() {
      try {
        start();
        Map<String, byte[]> values = new HashMap<>();
        for (String key : popular) {
          values.put(key, LocalCacheBenchmark.CacheState.value(RemoteGetBenchmark.ClusterState.index(key)));
        }
        cluster.callerCache().putAll(values);
        for (int pass = 0; pass < 2; pass++) {
          for (String key : popular) {
            if (!Arrays.equals(cache.get(key), values.get(key))) {
              throw new IllegalStateException(provider + ": wrong value for " + key);
            }
          }
        }
        if (cache.get(popular[0]) == cache.get(popular[0])) {
          throw new IllegalStateException(provider + ": two gets returned the same instance");
        }
        checkCopies();
      } catch (RuntimeException e) {
        tearDown();
        throw e;
      }
    }

    private void start() {
      MutableConfiguration<String, byte[]> configuration;
      if (provider.equals("peanutcache")) {
        configuration = new PeanutConfiguration<String, byte[]>().setHotCache(10_000, Duration.ofSeconds(30));
      } else {
        configuration = new MutableConfiguration<>();
      }
      configuration.setTypes(String.class, byte[].class).setStoreByValue(true)
          .setStatisticsEnabled(false).setManagementEnabled(false);
      cluster = provider.equals("peanutcache")
          ? new PeanutCacheCluster(CACHE_NAME, configuration)
          : new HazelcastCluster(CACHE_NAME, configuration);
      popular = popularKeys();
      if (provider.equals("peanutcache")) {
        cache = cluster.callerCache();
        return;
      }
      ClientConfig config = new ClientConfig();
      config.setClusterName(((HazelcastCluster) cluster).clusterName());
      config.setProperty("hazelcast.logging.type", "jdk");
      config.getNetworkConfig().setAddresses(cluster.nodeNames());
      config.addNearCacheConfig(new NearCacheConfig(CACHE_NAME));
      client = HazelcastClient.newHazelcastClient(config);
      clientManager = new HazelcastClientCachingProvider().getCacheManager(HazelcastCluster.URI,
          HotGetBenchmark.class.getClassLoader(), HazelcastCachingProvider.propertiesByInstanceItself(client));
      cache = clientManager.getCache(CACHE_NAME, String.class, byte[].class);
      if (cache == null) {
        throw new IllegalStateException("the Hazelcast client does not see cache " + CACHE_NAME);
      }
    }

    private String[] popularKeys() {
      List<String> keys = new ArrayList<>();
      for (int i = 0; keys.size() < POPULAR_KEYS; i++) {
        String key = RemoteGetBenchmark.ClusterState.key(i);
        if (!cluster.callerOwns(key)) {
          keys.add(key);
        }
      }
      return keys.toArray(new String[0]);
    }

    /** Fails unless PeanutCache's caller holds a hot copy of every popular key. */
    private void checkCopies() {
      if (!provider.equals("peanutcache")) {
        return;
      }
      PeanutCacheManager manager = cache.getCacheManager().unwrap(PeanutCacheManager.class);
      HotCache copies = Nodes.of(manager).hot().copies(new CacheId(manager.identity(), CACHE_NAME));
      if (copies == null || copies.size() < POPULAR_KEYS) {
        throw new IllegalStateException("peanutcache: node 1 holds "
            + (copies == null ? "no hot cache" : copies.size() + " hot copies") + " of " + POPULAR_KEYS
            + " popular keys");
      }
    }

    /** Stops the client, if any, and the cluster. */
    @TearDown(Level.Trial)
    public void tearDown() {
      if (clientManager != null) {
        clientManager.close();
        clientManager = null;
      }
      if (client != null) {
        client.shutdown();
        client = null;
      }
      if (cluster != null) {
        cluster.close();
        cluster = null;
      }
    }
  }

  /** One caller's random walk over the popular keys. */
  @State(Scope.Thread)
  public static class Cursor {

    /** This caller's walk over the keys. */
    KeyWalk<String> walk;

    /** Shuffles the keys with a seed that differs per caller but not per run (its own, as ever). */
    @Setup(Level.Trial)
    public void setUp(HotState state, ThreadParams threadParams) {
      walk = new KeyWalk<>(state.popular, 0x407_0000L + threadParams.getThreadIndex());
    }

    /** The next key of this caller's walk. */
    String nextKey() {
      return walk.next();
    }
  }


  /** A get of a popular remote key by one caller: operations per second. */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @Threads(1)
  public byte[] hotGet1Thread(HotState state, Cursor cursor) {
    return state.cache.get(cursor.nextKey());
  }

  /** The same by two callers at once: operations per second, both together. */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @Threads(2)
  public byte[] hotGet2Threads(HotState state, Cursor cursor) {
    return state.cache.get(cursor.nextKey());
  }
}
