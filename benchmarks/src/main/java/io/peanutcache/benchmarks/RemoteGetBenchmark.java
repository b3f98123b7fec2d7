package io.peanutcache.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
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
 * Latency and throughput of a <em>remote</em> JCache get: a {@link Cache#get} on one node of a
 * three-node cluster of a key that another node owns, PeanutCache in plaintext and over mutual TLS
 * beside Hazelcast's member-side JCache provider in the same run.
 *
 * <p>Per trial, three nodes of the chosen provider ({@link ClusterState#provider}) start in this
 * JVM and join over loopback (for {@code peanutcache-tls}, with an authority and a node
 * certificate made for the trial, EC P-256 as the README's {@code openssl} recipe makes them);
 * node 1 creates a cache of {@code String} to {@code byte[]} (store-by-value, statistics and
 * management off, no expiry), and the cache is filled with
 * {@value LocalCacheBenchmark#KEY_COUNT} keys {@code "key-0"} … mapped to {@value
 * LocalCacheBenchmark#VALUE_SIZE}-byte values. Every measured get goes through node 1's handle
 * and asks only for keys that node 2 or node 3 owns, as each provider's own partitioning says
 * ({@code PeanutCache.ownerOf}/{@code isLocal}; Hazelcast's {@code PartitionService}), so each
 * operation is a full round trip: encode the key, send it to the owner over a loopback socket,
 * look it up there, send the value back, decode it into a new {@code byte[]}. Neither provider
 * has a near cache or any other copy on node 1. The trial fails instead of producing a score if
 * the nodes do not talk TLS exactly when asked to, if the two ownership answers of a provider
 * disagree, if node 2 or node 3 owns no key, if any key
 * is missing on its owner after the fill, or if a remote get returns a wrong value or the stored
 * instance. Each trial closes every node's CacheManager and stops every node.
 *
 * <p>What the modes report:
 *
 * <ul>
 *   <li>{@link #remoteGetLatency}: one caller, {@link Mode#SampleTime} in microseconds. JMH
 *       times a sample of the operations and reports their distribution: {@code p0.50} and
 *       {@code p0.99} are the median and the 99th percentile of one remote get.
 *   <li>{@link #remoteGet2Threads} and {@link #remoteGet16Threads}: 2 and 16 callers on node 1
 *       at once, {@link Mode#Throughput} in operations per second, the total of all callers: how
 *       many remote gets the three nodes complete when callers wait on replies in parallel.
 * </ul>
 *
 * <p>All nodes, callers and the benchmark harness share the machine's cores: on a 2-core machine
 * the 16-caller score is the ceiling of the whole loop (client, transport and owner together),
 * not of a server alone.
 *
 * <p>The harness neither allocates in the measured loop nor writes anything another thread
 * reads: each caller walks its own precomputed random order of the remote keys ({@link
 * Cursor}), and the returned value goes to JMH's blackhole.
 *
 * <p>The defaults below (2 forks of 4 warm-up and 3 measured iterations of 5 s) are the run the
 * module's {@code README.md} documents: nine benchmarks, three per provider (the six of
 * {@code peanutcache} and {@code hazelcast} take about 8.5 minutes on 2 cores). The
 * warm-up is long because the remote path (gRPC and Netty on both sides) needs on the order of
 * 100,000 calls before the JIT has settled; with a shorter one the first measured iterations are
 * slower than the rest.
 */
@Fork(value = 2, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+UseG1GC", "-XX:+AlwaysPreTouch",
    // let Hazelcast read the JVM's metrics without warnings on Java 17; PeanutCache needs none
    "--add-modules", "java.se",
    "--add-exports", "java.base/jdk.internal.ref=ALL-UNNAMED",
    "--add-opens", "java.base/java.lang=ALL-UNNAMED",
    "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-opens", "java.management/sun.management=ALL-UNNAMED",
    "--add-opens", "jdk.management/com.sun.management.internal=ALL-UNNAMED"})
@Warmup(iterations = 4, time = 5, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 3, time = 5, timeUnit = TimeUnit.SECONDS)
public class RemoteGetBenchmark {

  /** Name of the cache every benchmark uses. */
  static final String CACHE_NAME = "remote-benchmark";

  /** Entries per {@code putAll} while filling the cache. */
  private static final int FILL_BATCH = 1_000;

  /** Every how many remote keys the setup reads one back through the caller to check it. */
  private static final int CHECK_STRIDE = 97;

  /**
   * The three-node cluster and the cache under test, shared by all callers: started, filled and
   * checked once per trial, and stopped after it.
   */
  @State(Scope.Benchmark)
  public static class ClusterState {

    /**
     * Which provider to measure: {@code peanutcache} (three {@code PeanutCachingProvider} nodes
     * talking gRPC in plaintext), {@code peanutcache-tls} (the same nodes talking gRPC over
     * mutual TLS) or {@code hazelcast} (three Hazelcast members, member-side JCache, plaintext:
     * Hazelcast's open-source edition has no TLS).
     */
    @Param({"peanutcache", "peanutcache-tls", "hazelcast"})
    public String provider;

    ThreeNodeCluster cluster;

    /** Node 1's handle: every measured get goes through it. */
    Cache<String, byte[]> cache;

    /** The keys that node 2 or node 3 owns, in key order; shared read-only by all callers. */
    String[] remoteKeys;

    /** Starts the cluster, fills the cache, picks the remote keys and checks them. */
    @Setup(Level.Trial)
    public void setUp() {
      MutableConfiguration<String, byte[]> configuration =
          new MutableConfiguration<String, byte[]>()
              .setTypes(String.class, byte[].class)
              .setStoreByValue(true)
              .setStatisticsEnabled(false)
              .setManagementEnabled(false);
      long start = System.nanoTime();
      cluster = start(provider, configuration);
      long started;
      long filled;
      try {
        started = System.nanoTime();
        checkTransport();
        cache = cluster.callerCache();
        fill();
        filled = System.nanoTime();
        pickRemoteKeys();
        check();
      } catch (RuntimeException e) {
        tearDown();
        throw e;
      }
      System.out.printf("%n%s: 3 nodes %s talking %s started in %d ms, %,d entries put in %d ms;"
              + " caller %s, %,d remote keys (%s)%n",
          provider, cluster.nodeNames(), cluster.tls() ? "mutual TLS" : "plaintext",
          (started - start) / 1_000_000,
          LocalCacheBenchmark.KEY_COUNT, (filled - started) / 1_000_000,
          cluster.nodeNames().get(0), remoteKeys.length, ownerCounts());
    }

    /** Stops the cluster: closes every node's CacheManager and stops every node. */
    @TearDown(Level.Trial)
    public void tearDown() {
      if (cluster != null) {
        cluster.close();
        cluster = null;
      }
    }

    static ThreeNodeCluster start(
        String provider, MutableConfiguration<String, byte[]> configuration) {
      switch (provider) {
        case "peanutcache":
          return new PeanutCacheCluster(CACHE_NAME, configuration);
        case "peanutcache-tls":
          return PeanutCacheCluster.overTls(CACHE_NAME, configuration);
        case "hazelcast":
          return new HazelcastCluster(CACHE_NAME, configuration);
        default:
          throw new IllegalArgumentException("unknown provider: " + provider);
      }
    }

    /** Fails the trial unless the nodes talk TLS exactly when the provider's name asks for it. */
    private void checkTransport() {
      boolean asked = provider.endsWith("-tls");
      if (cluster.tls() != asked) {
        throw new IllegalStateException(provider + ": the nodes talk "
            + (cluster.tls() ? "TLS" : "plaintext") + " where " + (asked ? "TLS" : "plaintext")
            + " was asked for");
      }
    }

    /** Puts every key through the caller, in batches, each batch split by owner by the cache. */
    private void fill() {
      Map<String, byte[]> batch = new HashMap<>();
      for (int i = 0; i < LocalCacheBenchmark.KEY_COUNT; i++) {
        batch.put(key(i), LocalCacheBenchmark.CacheState.value(i));
        if (batch.size() == FILL_BATCH || i == LocalCacheBenchmark.KEY_COUNT - 1) {
          cache.putAll(batch);
          batch.clear();
        }
      }
    }

    /**
     * Keeps the keys the caller does not own, after checking for every key that the provider's
     * two ownership answers agree.
     */
    private void pickRemoteKeys() {
      String caller = cluster.nodeNames().get(0);
      List<String> remote = new ArrayList<>();
      for (int i = 0; i < LocalCacheBenchmark.KEY_COUNT; i++) {
        String key = key(i);
        String owner = cluster.ownerOf(key);
        boolean callerOwns = cluster.callerOwns(key);
        if (!cluster.nodeNames().contains(owner) || callerOwns != owner.equals(caller)) {
          throw new IllegalStateException(provider + ": " + key + " is owned by " + owner
              + " but the caller " + caller + (callerOwns ? " says it owns it" : " says it does not"));
        }
        if (!callerOwns) {
          remote.add(key);
        }
      }
      remoteKeys = remote.toArray(new String[0]);
    }

    /** How many of the remote keys each node owns. */
    private Map<String, Integer> ownerCounts() {
      Map<String, Integer> counts = new TreeMap<>();
      for (String key : remoteKeys) {
        counts.merge(cluster.ownerOf(key), 1, Integer::sum);
      }
      return counts;
    }

    /**
     * Fails the trial unless node 2 and node 3 both own keys, every key is present on its owner
     * (nothing was evicted or lost), every node reads back what was put on a sample of keys, and
     * two remote gets of a key return equal values in different instances (store-by-value).
     */
    private void check() {
      Map<String, Integer> counts = ownerCounts();
      for (int i = 1; i < ThreeNodeCluster.SIZE; i++) {
        if (!counts.containsKey(cluster.nodeNames().get(i))) {
          throw new IllegalStateException(
              provider + ": node " + cluster.nodeNames().get(i) + " owns none of the keys: " + counts);
        }
      }
      for (int i = 0; i < LocalCacheBenchmark.KEY_COUNT; i++) {
        String key = key(i);
        String owner = cluster.ownerOf(key);
        if (!cluster.cache(cluster.nodeNames().indexOf(owner)).containsKey(key)) {
          throw new IllegalStateException(provider + ": " + key + " is missing on its owner " + owner);
        }
      }
      for (int k = 0; k < remoteKeys.length; k += CHECK_STRIDE) {
        String key = remoteKeys[k];
        byte[] expected = LocalCacheBenchmark.CacheState.value(index(key));
        for (int node = 0; node < ThreeNodeCluster.SIZE; node++) {
          if (!Arrays.equals(cluster.cache(node).get(key), expected)) {
            throw new IllegalStateException(provider + ": node " + cluster.nodeNames().get(node)
                + " returns a wrong or missing value for " + key);
          }
        }
        if (cache.get(key) == cache.get(key)) {
          throw new IllegalStateException(provider + ": two gets of " + key
              + " returned the same instance of a store-by-value cache");
        }
      }
    }

    static String key(int index) {
      return "key-" + index;
    }

    static int index(String key) {
      return Integer.parseInt(key.substring("key-".length()));
    }
  }

  /**
   * One caller's walk over the remote keys: its own random permutation of them, visited in order
   * and started again at the end. Only this caller writes it.
   */
  @State(Scope.Thread)
  public static class Cursor {

    /** This caller's walk over the keys. */
    KeyWalk<String> walk;

    /** Shuffles the keys with a seed that differs per caller but not per run. */
    @Setup(Level.Trial)
    public void setUp(ClusterState state, ThreadParams threadParams) {
      walk = new KeyWalk<>(state.remoteKeys, KeyWalk.SEED + threadParams.getThreadIndex());
    }

    /** The next key of this caller's walk. */
    String nextKey() {
      return walk.next();
    }
  }


  /**
   * One remote get, one caller: the distribution of its latency, from which JMH reports the
   * median ({@code p0.50}) and the 99th percentile ({@code p0.99}) in microseconds.
   */
  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  @Threads(1)
  public byte[] remoteGetLatency(ClusterState state, Cursor cursor) {
    return state.cache.get(cursor.nextKey());
  }

  /** Remote gets by two callers at once: operations per second, both callers together. */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @Threads(2)
  public byte[] remoteGet2Threads(ClusterState state, Cursor cursor) {
    return state.cache.get(cursor.nextKey());
  }

  /** Remote gets by sixteen callers at once: operations per second, all callers together. */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @Threads(16)
  public byte[] remoteGet16Threads(ClusterState state, Cursor cursor) {
    return state.cache.get(cursor.nextKey());
  }
}
