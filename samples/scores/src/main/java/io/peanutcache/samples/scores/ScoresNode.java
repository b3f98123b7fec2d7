package io.peanutcache.samples.scores;

import com.sun.net.httpserver.HttpServer;
import io.peanutcache.jcache.PeanutCache;
import io.peanutcache.samples.scores.api.ScoreLookup;
import io.peanutcache.samples.scores.api.ScoresApi;
import io.peanutcache.samples.scores.database.ScoresDatabase;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;

/**
 * One node of the demo: the {@code scores} cache, reading through to a database, and the HTTP API
 * in front of it on a loopback port.
 *
 * <p>The node owns its CacheManager, cache and HTTP server and closes them all; the database is
 * the caller's, since several nodes may read through to one database. Requests are served on a
 * pool of threads, so that concurrent requests for one name really miss together.
 */
public final class ScoresNode implements AutoCloseable {

  /** Threads serving requests; more than the requests any demo or test sends at once. */
  private static final int REQUEST_THREADS = 32;

  private final CacheManager cacheManager;
  private final Cache<String, String> cache;
  private final HttpServer server;
  private final ExecutorService requestThreads;
  private final Consumer<String> log;

  private ScoresNode(CacheManager cacheManager, Cache<String, String> cache, HttpServer server,
      ExecutorService requestThreads, Consumer<String> log) {
    this.cacheManager = cacheManager;
    this.cache = cache;
    this.server = server;
    this.requestThreads = requestThreads;
    this.log = log;
  }

  /**
   * Creates the {@code scores} cache and starts serving the API on 127.0.0.1.
   *
   * @param port the port to listen on, or 0 for a free one
   * @param database the database the cache reads through to
   * @param log receives the node's lines, one per request
   * @return the running node
   * @throws IOException if the port cannot be bound, for example because it is in use
   * @throws javax.cache.CacheException if the cache cannot be created, for example because a cache
   *     named {@code scores} is already open in this JVM's default CacheManager
   */
  public static ScoresNode start(int port, ScoresDatabase database, Consumer<String> log)
      throws IOException {
    CacheManager cacheManager = Caching.getCachingProvider().getCacheManager();
    Cache<String, String> cache = cacheManager.createCache(ScoresCacheConfiguration.CACHE_NAME,
        ScoresCacheConfiguration.readingThrough(database.loaderFactory()));
    try {
      HttpServer server = HttpServer.create(
          new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
      server.createContext(ScoresApi.PATH, new ScoresApi(new ScoreLookup(cache), log));
      ExecutorService requestThreads =
          Executors.newFixedThreadPool(REQUEST_THREADS, requestThreadFactory());
      server.setExecutor(requestThreads);
      server.start();
      return new ScoresNode(cacheManager, cache, server, requestThreads, log);
    } catch (IOException | RuntimeException e) {
      cacheManager.close();
      throw e;
    }
  }

  /**
   * The port the API listens on; the one chosen by the system when the node was started on port 0.
   *
   * @return the port
   */
  public int port() {
    return server.getAddress().getPort();
  }

  /**
   * The address of the API.
   *
   * @return {@code http://127.0.0.1:<port>/api}
   */
  public URI apiUri() {
    return URI.create("http://" + server.getAddress().getAddress().getHostAddress() + ":" + port()
        + ScoresApi.PATH);
  }

  /**
   * The {@code scores} cache, as PeanutCache's type, for its statistics and load counters.
   *
   * @return the cache
   */
  public PeanutCache<String, String> cache() {
    @SuppressWarnings("unchecked")
    PeanutCache<String, String> peanutCache = cache.unwrap(PeanutCache.class);
    return peanutCache;
  }

  /**
   * Stops serving, lets requests in progress finish for up to two seconds, logs the cache's
   * counters and closes the CacheManager. Closing twice does nothing more.
   */
  @Override
  public void close() {
    if (cacheManager.isClosed()) {
      return;
    }
    server.stop(0);
    requestThreads.shutdown();
    try {
      if (!requestThreads.awaitTermination(2, TimeUnit.SECONDS)) {
        requestThreads.shutdownNow();
      }
    } catch (InterruptedException e) {
      requestThreads.shutdownNow();
      Thread.currentThread().interrupt();
    }
    log.accept("[scores] stopped; " + counters());
    cacheManager.close();
  }

  /** The cache's JSR-107 statistics and PeanutCache's load counters, in one line. */
  private String counters() {
    var statistics = cache().statistics();
    var engine = cache().engine();
    return "cache \"" + cache.getName() + "\": " + statistics.getCacheGets() + " gets, "
        + statistics.getCacheHits() + " hits, " + statistics.getCacheMisses() + " misses, "
        + engine.loads() + " loads, " + engine.loadsDeduped() + " loads deduped";
  }

  private static ThreadFactory requestThreadFactory() {
    AtomicInteger count = new AtomicInteger();
    return task -> {
      Thread thread = new Thread(task, "scores-request-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
