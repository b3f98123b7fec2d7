package io.peanutcache.benchmarks;

import io.peanutcache.jcache.PeanutCache;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import javax.cache.configuration.CompleteConfiguration;
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
 * A hit of a Spring {@code @Cacheable} method called through its Spring proxy: PeanutCache's
 * starter with the key's owner on this node and on another node, beside Spring Boot's Redis cache,
 * in the same run.
 *
 * <p>The method is {@link BookCatalog#book}, {@code @Cacheable("books")}, returning a {@value
 * BookCatalog#VALUE_LENGTH}-character ASCII string; every context is a {@link BookApplication}
 * made by {@code SpringApplicationBuilder} with {@code web(NONE)} and Spring Boot's
 * auto-configuration, set up by properties only. The {@code setup} param picks the cache:
 *
 * <ul>
 *   <li>{@code peanutcache-local}: three applications forming one PeanutCache cluster through the
 *       starter ({@link PeanutSpringNodes}); the caller is node 1's proxy, and the keys are ones
 *       node 1 owns, so a hit is answered on the caller's node.
 *   <li>{@code peanutcache-remote}: the same cluster and caller, and keys that node 2 or node 3
 *       owns (as {@link PeanutCache#ownerOf} says; both own some), so every hit is a gRPC call to
 *       the owner. No hot cache.
 *   <li>{@code redis}: one application with Spring Boot's Redis cache over Lettuce against the
 *       Redis server at 127.0.0.1:6379 ({@link RedisSpringNode}); every hit is a {@code GET} to
 *       Redis. The setup fails, saying so, if Redis does not answer there.
 * </ul>
 *
 * <p>Each trial uses {@value #KEYS} keys. Before measuring, each is read once through the proxy
 * (the method runs and the cache stores its value), then read again: the trial fails unless the
 * first pass ran the method once per key, the second pass ran it not at all and returned the same
 * values, and (for {@code peanutcache-remote}) no key is owned by the caller, or (for {@code
 * peanutcache-local}) every key is. After every warm-up and measured iteration the trial fails if
 * the method ran again: every measured call was a hit. For {@code redis}, the setup also checks
 * that Redis holds one entry per key under the run's own prefix; the keys are deleted after the
 * trial.
 *
 * <p>Each caller walks its own random order of the keys ({@link KeyWalk}); the value goes to
 * JMH's blackhole. What the modes report:
 *
 * <ul>
 *   <li>{@link #hit1Caller}: one caller, throughput in operations per second.
 *   <li>{@link #hitLatency}: one caller, {@link Mode#SampleTime} in microseconds: {@code p0.50}
 *       and {@code p0.99} of one hit.
 *   <li>{@link #hit16Callers}: sixteen callers at once, throughput, all callers added up.
 * </ul>
 *
 * <p>The nodes, Redis, callers and harness share the machine's cores. The remote path needs on
 * the order of 100,000 calls before the JIT has settled (see {@link RemoteGetBenchmark}), hence
 * 5-second warm-up iterations.
 */
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+UseG1GC", "-XX:+AlwaysPreTouch"})
@Warmup(iterations = 3, time = 5, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 3, time = 5, timeUnit = TimeUnit.SECONDS)
public class SpringCacheableBenchmark {

  /** How many keys each trial reads. */
  static final int KEYS = 3_000;

  /** The applications, the caller's proxy and the keys, shared by all callers. */
  @State(Scope.Benchmark)
  public static class Books {

    /** {@code peanutcache-local}, {@code peanutcache-remote} or {@code redis}. */
    @Param({"peanutcache-local", "peanutcache-remote", "redis"})
    public String setup;

    PeanutSpringNodes nodes;
    RedisSpringNode redis;

    /** The caller: a {@link BookCatalog} behind its Spring caching proxy. */
    BookCatalog books;

    /** The keys, read-only once the setup is done. */
    String[] isbns;

    /** How often the method had run when the cache was full. */
    long runsWhenFull;

    /** Starts the applications, picks the keys, fills the cache and checks that reads hit. */
    @Setup(Level.Trial)
    public void setUp() {
      try {
        String where;
        switch (setup) {
          case "peanutcache-local":
          case "peanutcache-remote":
            nodes = new PeanutSpringNodes();
            books = nodes.books(0);
            isbns = pickKeys(setup.equals("peanutcache-local"));
            where = describePeanutCache();
            break;
          case "redis":
            redis = new RedisSpringNode();
            books = redis.books();
            isbns = new String[KEYS];
            for (int i = 0; i < KEYS; i++) {
              isbns[i] = isbn(i);
            }
            where = "Redis " + RedisSpringNode.HOST + ":" + RedisSpringNode.PORT;
            break;
          default:
            throw new IllegalArgumentException("unknown setup: " + setup);
        }
        fillAndCheck();
        if (redis != null && redis.keys().size() != KEYS) {
          throw new IllegalStateException("redis: " + redis.keys().size()
              + " keys under the run's prefix after filling " + KEYS);
        }
        System.out.printf("%n%s: %,d keys, %s; caller %s%n", setup, KEYS, where, books.getClass().getName());
      } catch (RuntimeException e) {
        tearDown();
        throw e;
      }
    }

    /** The first {@value #KEYS} ISBNs that node 1 owns ({@code local}) or does not own. */
    private String[] pickKeys(boolean local) {
      PeanutCache<Object, Object> cache = nodes.callerCache();
      String caller = nodes.nodeNames().get(0);
      List<String> picked = new ArrayList<>();
      for (int i = 0; picked.size() < KEYS; i++) {
        String isbn = isbn(i);
        String owner = cache.ownerOf(isbn);
        boolean callerOwns = cache.isLocal(isbn);
        if (!nodes.nodeNames().contains(owner) || callerOwns != owner.equals(caller)) {
          throw new IllegalStateException(setup + ": " + isbn + " is owned by " + owner
              + " but node 1 (" + caller + ")" + (callerOwns ? " says it owns it" : " says it does not"));
        }
        if (callerOwns == local) {
          picked.add(isbn);
        }
      }
      return picked.toArray(new String[0]);
    }

    /** Says who owns the keys and how the cache is configured; fails if the keys are wrong. */
    private String describePeanutCache() {
      PeanutCache<Object, Object> cache = nodes.callerCache();
      Map<String, Integer> owners = new TreeMap<>();
      for (String isbn : isbns) {
        owners.merge(cache.ownerOf(isbn), 1, Integer::sum);
      }
      String caller = nodes.nodeNames().get(0);
      if (setup.equals("peanutcache-local") && !owners.keySet().equals(Set.of(caller))) {
        throw new IllegalStateException(setup + ": keys owned by " + owners + ", not only by node 1 " + caller);
      }
      if (setup.equals("peanutcache-remote")) {
        if (owners.containsKey(caller)) {
          throw new IllegalStateException(setup + ": node 1 " + caller + " owns some keys: " + owners);
        }
        for (int i = 1; i < ThreeNodeCluster.SIZE; i++) {
          if (!owners.containsKey(nodes.nodeNames().get(i))) {
            throw new IllegalStateException(setup + ": node " + nodes.nodeNames().get(i)
                + " owns none of the keys: " + owners);
          }
        }
      }
      @SuppressWarnings("unchecked") // getConfiguration takes a raw class literal
      CompleteConfiguration<Object, Object> configuration =
          cache.getConfiguration(CompleteConfiguration.class);
      return "PeanutCache nodes " + nodes.nodeNames() + ", keys by owner " + owners
          + ", storeByValue=" + configuration.isStoreByValue();
    }

    /** Reads every key twice through the proxy; the first pass must run the method, the second not. */
    private void fillAndCheck() {
      long before = books.runs();
      for (String isbn : isbns) {
        check(isbn, books.book(isbn));
      }
      if (books.runs() - before != KEYS) {
        throw new IllegalStateException(setup + ": filling " + KEYS + " keys ran the method "
            + (books.runs() - before) + " times, not once per key");
      }
      runsWhenFull = books.runs();
      for (String isbn : isbns) {
        check(isbn, books.book(isbn));
      }
      checkAllHits();
    }

    private void check(String isbn, String value) {
      if (!BookCatalog.describe(isbn).equals(value)) {
        throw new IllegalStateException(setup + ": " + isbn + " read " + value);
      }
    }

    /** Fails the trial if the method ran since the cache was full: some call was not a hit. */
    @TearDown(Level.Iteration)
    public void checkAllHits() {
      long misses = books.runs() - runsWhenFull;
      if (misses != 0) {
        throw new IllegalStateException(setup + ": the method ran " + misses
            + " times after the cache was full; not every call was a hit");
      }
    }

    /** Closes the applications and deletes what the run wrote to Redis. */
    @TearDown(Level.Trial)
    public void tearDown() {
      try {
        if (redis != null) {
          redis.close();
        }
      } finally {
        redis = null;
        if (nodes != null) {
          nodes.close();
          nodes = null;
        }
      }
    }

    static String isbn(int index) {
      return String.format("978-%09d", index);
    }
  }

  /** One caller's walk over the keys, written by that caller only. */
  @State(Scope.Thread)
  public static class Walk {

    /** This caller's walk over the keys. */
    KeyWalk<String> walk;

    /** Shuffles the keys with a seed that differs per caller but not per run. */
    @Setup(Level.Trial)
    public void setUp(Books books, ThreadParams threadParams) {
      walk = new KeyWalk<>(books.isbns, KeyWalk.SEED + threadParams.getThreadIndex());
    }

    /** The next key of this caller's walk. */
    String nextKey() {
      return walk.next();
    }
  }

  /** A hit through the proxy, one caller: operations per second. */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @Threads(1)
  public String hit1Caller(Books books, Walk walk) {
    return books.books.book(walk.nextKey());
  }

  /**
   * A hit through the proxy, one caller: the distribution of its latency, from which JMH reports
   * the median ({@code p0.50}) and the 99th percentile ({@code p0.99}) in microseconds.
   */
  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  @Threads(1)
  public String hitLatency(Books books, Walk walk) {
    return books.books.book(walk.nextKey());
  }

  /** Hits through the proxy by sixteen callers at once: operations per second, all together. */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @Threads(16)
  public String hit16Callers(Books books, Walk walk) {
    return books.books.book(walk.nextKey());
  }
}
