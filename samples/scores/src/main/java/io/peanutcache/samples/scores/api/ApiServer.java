package io.peanutcache.samples.scores.api;

import com.sun.net.httpserver.HttpServer;
import io.peanutcache.jcache.PeanutCache;
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

/**
 * The JDK's {@code HttpServer} serving {@link ScoresApi} on a loopback port, in front of one node's
 * {@code scores} cache. Requests are served on a pool of threads, so that concurrent requests for
 * one name really miss together.
 */
public final class ApiServer implements AutoCloseable {

  /** Threads serving requests; more than the requests any demo or test sends at once. */
  private static final int REQUEST_THREADS = 32;

  private final HttpServer server;
  private final ExecutorService requestThreads;

  private ApiServer(HttpServer server, ExecutorService requestThreads) {
    this.server = server;
    this.requestThreads = requestThreads;
  }

  /**
   * Starts serving {@code GET /api?key=<name>} on 127.0.0.1.
   *
   * @param port the port, or 0 for a free one
   * @param cache the node's {@code scores} cache
   * @param node the node's name, for the log lines
   * @param log receives one line per request
   * @return the running server
   * @throws IOException if the port cannot be bound, for example because it is in use
   */
  public static ApiServer start(int port, PeanutCache<String, String> cache, String node,
      Consumer<String> log) throws IOException {
    HttpServer server = HttpServer.create(
        new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    server.createContext(ScoresApi.PATH, new ScoresApi(new ScoreLookup(cache), node, log));
    ExecutorService requestThreads =
        Executors.newFixedThreadPool(REQUEST_THREADS, requestThreadFactory());
    server.setExecutor(requestThreads);
    server.start();
    return new ApiServer(server, requestThreads);
  }

  /**
   * The port the API listens on; the one chosen by the system when started on port 0.
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
  public URI uri() {
    return URI.create("http://" + server.getAddress().getAddress().getHostAddress() + ":" + port()
        + ScoresApi.PATH);
  }

  /** Stops serving and lets requests in progress finish for up to two seconds. */
  @Override
  public void close() {
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
