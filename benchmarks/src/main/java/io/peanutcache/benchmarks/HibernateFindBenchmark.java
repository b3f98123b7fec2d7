package io.peanutcache.benchmarks;

import io.peanutcache.cluster.Nodes;
import io.peanutcache.cluster.hosting.CacheId;
import io.peanutcache.cluster.hot.HotCache;
import io.peanutcache.jcache.PeanutCache;
import io.peanutcache.jcache.PeanutCacheManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.stat.CacheRegionStatistics;
import org.hibernate.stat.Statistics;
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
 * A Hibernate second-level cache hit as an application makes one: open a session, {@code
 * session.find(Product.class, id)} of a {@link Product} that is in the cache ({@code READ_WRITE}),
 * close the session. PeanutCache's region factory with the entry owned by the caller's node, by
 * another node, and by another node with the region's hot cache on, beside Hibernate's own
 * {@code jcache} region factory over Caffeine, in the same run.
 *
 * <p>The session has no transaction: Hibernate takes a JDBC connection only for the first
 * statement, so a hit in such a session touches neither the pool nor the database, and what is
 * measured is the session, the find and the cache. (In a transaction, each find would also check a
 * connection out of the pool and commit on it, the same for every setup.)
 *
 * <p>Per trial, a PostgreSQL database of the trial's own is made at 127.0.0.1:5432 ({@link
 * BenchDatabase}; dropped after the trial) and the session factories of the setup start on it
 * ({@link HibernateNodes}). The {@code setup} param:
 *
 * <ul>
 *   <li>{@code peanutcache-owner}: three session factories, each on its own PeanutCache node in
 *       this JVM ({@code hibernate.cache.region.factory_class=peanutcache}, static peers on
 *       loopback). The caller is node 1's factory, and the ids are ones whose cache keys node 1
 *       owns: a hit is read from the caller's own node.
 *   <li>{@code peanutcache-remote}: the same, with ids whose keys node 2 or node 3 owns (both own
 *       some): every hit is one gRPC call to the owner.
 *   <li>{@code peanutcache-hot}: as {@code remote}, with the region's hot cache on every node
 *       ({@code peanutcache.cache.products.hot-cache=10000 5s}): a hit is served from the caller's
 *       copy, and a copy older than 5 s is asked for again from the owner.
 *   <li>{@code caffeine-jcache}: one session factory with Hibernate's stock {@code jcache} region
 *       factory over Caffeine's JCache provider ({@code missing_cache_strategy=create}): local.
 * </ul>
 *
 * <p>{@value #ROWS} products are inserted and the region is emptied; then every product is found
 * once through the last factory (node 3, or Caffeine's only one), which loads it with SQL and puts
 * it in the cache. The trial fails unless that fill missed, ran one statement and put once per
 * product. The ids measured are the first {@value #IDS} whose Hibernate cache key (made by the
 * region's own {@code generateCacheKey}, as {@code find} makes it) is held where the setup says:
 * for PeanutCache, the node whose own store holds the entry must be the one that every node's
 * {@link PeanutCache#ownerOf} names, and the only one whose {@link PeanutCache#isLocal} says so.
 * Then every id is found twice through the caller: the trial fails unless each find returns the
 * product stored, every find is a hit of the region in Hibernate's statistics, and no SQL ran.
 * The caller of {@code peanutcache-hot} must then hold a hot copy of every id; the others must
 * have no hot cache.
 *
 * <p>After every warm-up and measured iteration the trial fails if the caller's factory prepared
 * any SQL statement or counted a second-level cache miss since the fill was checked, or made no
 * hit; for {@code peanutcache-hot}, if fewer than 90 % of the iteration's hits were served from
 * the caller's copies (the rest are the copies refreshed after 5 s). The trial prints the shares
 * when it ends.
 *
 * <p>Each caller walks its own random order of the ids ({@link KeyWalk}); the found product goes to
 * JMH's blackhole. Modes: {@link #find} is one caller's throughput, {@link #findLatency} one
 * caller's latency distribution ({@code p0.50}, {@code p0.99}) in microseconds.
 */
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+UseG1GC", "-XX:+AlwaysPreTouch"})
@Warmup(iterations = 3, time = 5, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 3, time = 5, timeUnit = TimeUnit.SECONDS)
public class HibernateFindBenchmark {

  /** How many products the database holds and the fill puts in the cache. */
  static final int ROWS = 4_000;

  /** How many of them the callers find. */
  static final int IDS = 1_000;

  /** The hot cache of {@code peanutcache-hot}, as {@code peanutcache.cache.<region>.hot-cache}. */
  static final String HOT_CACHE = "10000 5s";

  /** The share of an iteration's hits that {@code peanutcache-hot} must serve from copies. */
  static final double HOT_SHARE = 0.9;

  /** The session factories, the caller and the ids, shared by all callers. */
  @State(Scope.Benchmark)
  public static class Shop {

    /** Where the cache is and who owns what: see the class description. */
    @Param({"peanutcache-owner", "peanutcache-remote", "peanutcache-hot", "caffeine-jcache"})
    public String setup;

    HibernateNodes nodes;

    /** The factory the benchmark finds through: node 1's. */
    SessionFactory caller;

    /** The ids, read-only once the setup is done. */
    Long[] ids;

    private Statistics statistics;
    private CacheRegionStatistics region;
    private HotCache copies;
    private long statementsWhenFull;
    private long missesWhenFull;
    private long hitsAtIterationStart;
    private long hotHitsAtIterationStart;
    private long hits;
    private long hotHits;
    private int iterations;

    /** Starts the factories, fills the region, picks the ids and checks that finds hit. */
    @Setup(Level.Trial)
    public void setUp() {
      try {
        nodes = switch (setup) {
          case "peanutcache-owner", "peanutcache-remote" -> HibernateNodes.peanutCache(null);
          case "peanutcache-hot" -> HibernateNodes.peanutCache(HOT_CACHE);
          case "caffeine-jcache" -> HibernateNodes.caffeine();
          default -> throw new IllegalArgumentException("unknown setup: " + setup);
        };
        caller = nodes.factory(0);
        statistics = caller.getStatistics();
        region = statistics.getDomainDataRegionStatistics(Product.REGION);
        insertAndFill();
        String where = setup.equals("caffeine-jcache") ? pickLocalIds() : pickPeanutCacheIds();
        checkHits();
        where += checkCopies();
        statementsWhenFull = statistics.getPrepareStatementCount();
        missesWhenFull = statistics.getSecondLevelCacheMissCount();
        System.out.printf("%n%s: %,d products in %s, %,d ids found; %s%n", setup, ROWS,
            nodes.databaseName(), IDS, where);
      } catch (RuntimeException e) {
        tearDown();
        throw e;
      }
    }

    /** Inserts the products, empties the region, and loads every product through the last node. */
    private void insertAndFill() {
      caller.inTransaction(session -> {
        for (long id = 1; id <= ROWS; id++) {
          session.persist(new Product(id));
        }
      });
      caller.getCache().evictEntityData(Product.class);
      SessionFactory filler = nodes.factory(nodes.size() - 1);
      Statistics fillStatistics = filler.getStatistics();
      CacheRegionStatistics fillRegion = fillStatistics.getDomainDataRegionStatistics(Product.REGION);
      long misses = fillRegion.getMissCount();
      long puts = fillRegion.getPutCount();
      long statements = fillStatistics.getPrepareStatementCount();
      for (long id = 1; id <= ROWS; id++) {
        try (Session session = filler.openSession()) {
          check(id, session.find(Product.class, id));
        }
      }
      misses = fillRegion.getMissCount() - misses;
      puts = fillRegion.getPutCount() - puts;
      statements = fillStatistics.getPrepareStatementCount() - statements;
      if (misses != ROWS || puts != ROWS || statements != ROWS) {
        throw new IllegalStateException(setup + ": filling " + ROWS + " products missed " + misses
            + " times, put " + puts + " and ran " + statements + " statements; expected one each"
            + " per product");
      }
    }

    /** Caffeine: the first {@value #IDS} ids; the cache is local. */
    private String pickLocalIds() {
      ids = new Long[IDS];
      for (int i = 0; i < IDS; i++) {
        ids[i] = (long) i + 1;
      }
      Cache<Object, Object> cache = nodes.regionCache(0);
      return "region " + cache.getName() + " in " + cache.getCacheManager().getCachingProvider()
          .getClass().getName();
    }

    /**
     * PeanutCache: the first {@value #IDS} ids whose key node 1 holds ({@code owner}) or does not
     * hold; fails unless exactly the owner every node names holds each entry.
     */
    private String pickPeanutCacheIds() {
      boolean local = setup.equals("peanutcache-owner");
      List<PeanutCache<Object, Object>> caches = new ArrayList<>();
      for (int i = 0; i < nodes.size(); i++) {
        @SuppressWarnings("unchecked") // unwrap takes a raw class literal
        PeanutCache<Object, Object> cache = nodes.regionCache(i).unwrap(PeanutCache.class);
        caches.add(cache);
      }
      Map<String, Integer> owners = new TreeMap<>();
      List<Long> picked = new ArrayList<>();
      for (long id = 1; id <= ROWS && picked.size() < IDS; id++) {
        Object key = nodes.cacheKey(0, id);
        int holder = -1;
        for (int i = 0; i < nodes.size(); i++) {
          if (caches.get(i).engine().containsKey(key)) {
            if (holder >= 0) {
              throw new IllegalStateException(setup + ": product " + id + " is held by node "
                  + nodes.address(holder) + " and by node " + nodes.address(i));
            }
            holder = i;
          }
        }
        if (holder < 0) {
          throw new IllegalStateException(setup + ": no node holds product " + id + " (" + key + ")");
        }
        for (int i = 0; i < nodes.size(); i++) {
          String owner = caches.get(i).ownerOf(key);
          if (!owner.equals(nodes.address(holder)) || caches.get(i).isLocal(key) != (i == holder)) {
            throw new IllegalStateException(setup + ": product " + id + " is held by node "
                + nodes.address(holder) + ", but node " + nodes.address(i) + " names " + owner
                + " its owner and says it is " + (caches.get(i).isLocal(key) ? "" : "not ") + "local");
          }
        }
        if ((holder == 0) == local) {
          picked.add(id);
          owners.merge(nodes.address(holder), 1, Integer::sum);
        }
      }
      if (picked.size() < IDS) {
        throw new IllegalStateException(setup + ": only " + picked.size() + " of " + ROWS
            + " products are owned as the setup needs");
      }
      if (!local && owners.size() != nodes.size() - 1) {
        throw new IllegalStateException(setup + ": ids owned by " + owners + "; both other nodes"
            + " should own some");
      }
      ids = picked.toArray(new Long[0]);
      return "caller node " + nodes.address(0) + ", ids by owner " + owners;
    }

    /** Finds every id twice through the caller: every find must be a hit, without SQL. */
    private void checkHits() {
      long regionHits = region.getHitCount();
      long regionMisses = region.getMissCount();
      long statements = statistics.getPrepareStatementCount();
      for (int pass = 0; pass < 2; pass++) {
        for (long id : ids) {
          try (Session session = caller.openSession()) {
            check(id, session.find(Product.class, id));
          }
        }
      }
      regionHits = region.getHitCount() - regionHits;
      regionMisses = region.getMissCount() - regionMisses;
      statements = statistics.getPrepareStatementCount() - statements;
      if (regionHits != 2L * IDS || regionMisses != 0 || statements != 0) {
        throw new IllegalStateException(setup + ": " + 2 * IDS + " finds through the caller made "
            + regionHits + " hits and " + regionMisses + " misses of region " + Product.REGION
            + " and ran " + statements + " statements; expected hits only, and no SQL");
      }
    }

    /** Finds the caller's hot copies; fails unless only {@code peanutcache-hot} has them, of every id. */
    private String checkCopies() {
      if (setup.equals("caffeine-jcache")) {
        return "";
      }
      Cache<Object, Object> cache = nodes.regionCache(0);
      PeanutCacheManager manager = cache.getCacheManager().unwrap(PeanutCacheManager.class);
      copies = Nodes.of(manager).hot().copies(new CacheId(manager.identity(), cache.getName()));
      boolean hot = setup.equals("peanutcache-hot");
      if (!hot) {
        if (copies != null) {
          throw new IllegalStateException(setup + ": the caller has a hot cache of region "
              + cache.getName());
        }
        return ", no hot cache";
      }
      if (copies == null || copies.size() < IDS) {
        throw new IllegalStateException(setup + ": the caller holds "
            + (copies == null ? "no hot cache" : copies.size() + " hot copies") + " of " + IDS + " ids");
      }
      return ", hot cache " + HOT_CACHE + " holding " + copies.size() + " copies";
    }

    private void check(long id, Product product) {
      if (product == null || product.getId() != id || !Product.nameOf(id).equals(product.getName())) {
        throw new IllegalStateException(setup + ": find of product " + id + " returned " + product);
      }
    }

    /** Notes where the iteration's hits start. */
    @Setup(Level.Iteration)
    public void startIteration() {
      hitsAtIterationStart = region.getHitCount();
      hotHitsAtIterationStart = copies == null ? 0 : copies.hits();
    }

    /**
     * Fails the trial if the iteration ran SQL, missed, or made no hit, or (hot) if copies served
     * less than {@value #HOT_SHARE} of its hits.
     */
    @TearDown(Level.Iteration)
    public void checkIteration() {
      long statements = statistics.getPrepareStatementCount() - statementsWhenFull;
      long misses = statistics.getSecondLevelCacheMissCount() - missesWhenFull;
      long iterationHits = region.getHitCount() - hitsAtIterationStart;
      long iterationHotHits = copies == null ? 0 : copies.hits() - hotHitsAtIterationStart;
      if (statements != 0 || misses != 0 || iterationHits <= 0) {
        throw new IllegalStateException(setup + ": since the cache was full the caller ran "
            + statements + " statements and missed " + misses + " times; this iteration made "
            + iterationHits + " hits");
      }
      if (setup.equals("peanutcache-hot") && iterationHotHits < HOT_SHARE * iterationHits) {
        throw new IllegalStateException(setup + ": " + iterationHotHits + " of " + iterationHits
            + " hits were served from the caller's copies");
      }
      hits += iterationHits;
      hotHits += iterationHotHits;
      iterations++;
    }

    /** Says what the iterations did, closes the factories and drops the database. */
    @TearDown(Level.Trial)
    public void tearDown() {
      if (iterations > 0) {
        System.out.printf("%n%s: %,d iterations, %,d hits, 0 SQL statements, 0 misses%s%n", setup,
            iterations, hits, copies == null ? ""
                : String.format(", %,d (%.2f %%) served from hot copies", hotHits, 100.0 * hotHits / hits));
      }
      if (nodes != null) {
        nodes.close();
        nodes = null;
      }
    }
  }

  /** One caller's walk over the ids, written by that caller only. */
  @State(Scope.Thread)
  public static class Walk {

    /** This caller's walk over the keys. */
    KeyWalk<Long> walk;

    /** Shuffles the ids with a seed that differs per caller but not per run. */
    @Setup(Level.Trial)
    public void setUp(Shop shop, ThreadParams threadParams) {
      walk = new KeyWalk<>(shop.ids, KeyWalk.SEED + threadParams.getThreadIndex());
    }

    /** The next key of this caller's walk. */
    Long nextKey() {
      return walk.next();
    }
  }

  /** Open a session, find a cached product, close the session; one caller: operations per second. */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @Threads(1)
  public Product find(Shop shop, Walk walk) {
    try (Session session = shop.caller.openSession()) {
      return session.find(Product.class, walk.nextKey());
    }
  }

  /**
   * The same, one caller: the distribution of its latency, from which JMH reports the median
   * ({@code p0.50}) and the 99th percentile ({@code p0.99}) in microseconds.
   */
  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  @Threads(1)
  public Product findLatency(Shop shop, Walk walk) {
    try (Session session = shop.caller.openSession()) {
      return session.find(Product.class, walk.nextKey());
    }
  }
}
