package io.peanutcache.spring.boot;

import javax.cache.CacheManager;
import org.springframework.context.SmartLifecycle;

/**
 * Takes the node out of the cluster when the application context stops or closes, by closing
 * the PeanutCache JCache manager, late enough that the requests still being served have their
 * cache, and before the context destroys its beans.
 *
 * <p>Phases stop from the highest down. Spring Boot's web server first waits for in-flight
 * requests in its graceful shutdown ({@code SmartLifecycle.DEFAULT_PHASE - 1024}), then stops
 * ({@code DEFAULT_PHASE - 2048}); this runs at {@link #PHASE}, below both, so the node keeps
 * serving this application's requests until they are done, and keeps answering the other nodes
 * for the keys it owns until then. Leaving then moves its partitions at once (with etcd, its
 * lease is revoked) rather than when a lease expires. After that the beans a cache loader may use
 * (a {@code DataSource}) are destroyed.
 *
 * <p>A context closed and made again in the same JVM (what Spring DevTools does on a restart)
 * starts a new node, on the same address. A context stopped and started again without being
 * closed cannot get its node back: {@link #start()} then fails, saying so.
 */
public class PeanutNodeLifecycle implements SmartLifecycle {

  /** Below the web server's graceful shutdown and its stop, so the node leaves after both. */
  public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

  private final CacheManager manager;
  private volatile boolean running;

  /**
   * @param manager the PeanutCache JCache manager, already open: the node started with it
   */
  public PeanutNodeLifecycle(CacheManager manager) {
    this.manager = manager;
  }

  /**
   * Marks the node running; it started when its manager was made.
   *
   * @throws IllegalStateException if the manager was closed by an earlier stop
   */
  @Override
  public void start() {
    if (manager.isClosed()) {
      throw new IllegalStateException("the PeanutCache node of " + manager.getURI() + " left the"
          + " cluster when the context stopped and cannot rejoin; close the context and create a"
          + " new one to start a new node");
    }
    running = true;
  }

  /** Leaves the cluster: closes the manager, its caches and (when it is the last) its node. */
  @Override
  public void stop() {
    running = false;
    manager.close();
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  @Override
  public int getPhase() {
    return PHASE;
  }
}
