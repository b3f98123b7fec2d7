package io.peanutcache.jcache;

import java.time.Duration;

/**
 * The {@code loadAll} calls of one cache handle that have been accepted and have not finished: they
 * run after {@code loadAll} returns. Closing or destroying the cache waits for them, so that a load
 * the application started never reaches a cache created again under the same name.
 */
final class PendingLoads {

  /** How long closing waits for loads still running before it goes on without them. */
  static final Duration PATIENCE = Duration.ofSeconds(10);

  private int running;

  /** Counts one more load; call before handing it to the executor. */
  synchronized void started() {
    running++;
  }

  /** Counts one load less; call when it has finished, however it finished. */
  synchronized void finished() {
    running--;
    if (running == 0) {
      notifyAll();
    }
  }

  /**
   * Waits until no load is running, or until {@code patience} has passed.
   *
   * @param patience how long to wait at most
   * @return whether every load has finished
   */
  synchronized boolean awaitNone(Duration patience) {
    long deadline = System.nanoTime() + patience.toNanos();
    boolean interrupted = false;
    try {
      while (running > 0) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        try {
          wait(Math.max(1, left / 1_000_000));
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      return true;
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
