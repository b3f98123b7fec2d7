package io.peanutcache.engine;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * The calls in flight into one of a cache's loader or writer. Closing waits for them to return
 * before it closes the loader or writer, and refuses any call that would start afterwards.
 *
 * <p>Both halves matter because a loader or writer is usually a client of something: one called
 * after its {@code close} reopens what {@code close} released (a connection, say) and nothing closes
 * it again, and one closed in the middle of a call loses that call. An asynchronous {@code loadAll}
 * racing {@code destroyCache}, or a peer's request racing a cache's close on its owner, does both.
 *
 * <p>A call holds the read lock, so calls run in parallel; closing takes the write lock. Closing
 * waits at most {@value #CLOSE_WAIT_SECONDS} seconds, so a call that never returns cannot keep
 * the cache from closing.
 */
final class InFlightCalls {

  private static final long CLOSE_WAIT_SECONDS = 10;

  private final String cacheName;
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  /** Set once, under the write lock when closing got it in time. */
  private volatile boolean closed;

  InFlightCalls(String cacheName) {
    this.cacheName = cacheName;
  }

  /**
   * Runs a call unless closing has begun.
   *
   * @throws IllegalStateException if the cache is closed
   */
  <T> T call(Supplier<T> call) {
    lock.readLock().lock();
    try {
      if (closed) {
        throw new IllegalStateException("cache " + cacheName + " is closed");
      }
      return call.get();
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Refuses new calls, waits for those in flight, then runs {@code close}. */
  void close(Runnable close) {
    boolean locked = false;
    try {
      locked = lock.writeLock().tryLock(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      closed = true;
      close.run();
    } finally {
      if (locked) {
        lock.writeLock().unlock();
      }
    }
  }
}
