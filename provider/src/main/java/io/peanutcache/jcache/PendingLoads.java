package io.peanutcache.jcache;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;
import javax.cache.integration.CacheLoaderException;
import javax.cache.integration.CompletionListener;

/**
 * The {@code loadAll} calls of one cache handle that have been accepted and have not finished: they
 * run after {@code loadAll} returns. Closing or destroying the cache waits for them, so that a load
 * the application started never reaches a cache created again under the same name.
 */
final class PendingLoads {

  /** How long closing waits for loads still running before it goes on without them. */
  private static final Duration PATIENCE = Duration.ofSeconds(10);

  private int running;

  /**
   * Runs a {@code loadAll} of cache {@code cacheName} on {@code executor}, counted from now until
   * it has finished, and tells {@code listener} how it ended; a failure that is not a
   * {@link CacheLoaderException} reaches the listener wrapped in one.
   *
   * @param open whether the cache is open still, when the load starts: a closed one fails it
   * @param listener hears how the load ended; null for none
   * @throws java.util.concurrent.RejectedExecutionException if the executor refuses the load; it is
   *     not counted then
   */
  void run(Executor executor, String cacheName, BooleanSupplier open, Runnable loadAll,
      CompletionListener listener) {
    CompletionListener told = listener == null ? NoCompletionListener.INSTANCE : listener;
    started();
    try {
      executor.execute(() -> {
        try {
          if (!open.getAsBoolean()) {
            throw new IllegalStateException("cache " + cacheName + " was closed before loadAll could run");
          }
          loadAll.run();
          told.onCompletion();
        } catch (CacheLoaderException e) {
          told.onException(e);
        } catch (RuntimeException e) {
          told.onException(new CacheLoaderException("loadAll of cache " + cacheName + " failed: " + e, e));
        } finally {
          finished();
        }
      });
    } catch (RuntimeException rejected) {
      finished();
      throw rejected;
    }
  }

  private synchronized void started() {
    running++;
  }

  private synchronized void finished() {
    running--;
    if (running == 0) {
      notifyAll();
    }
  }

  /**
   * Waits for the loads still running, at most {@link #PATIENCE}, before cache {@code cacheName} is
   * closed or destroyed; logs a warning if one is running still.
   */
  void awaitAll(String cacheName) {
    if (!awaitNone(PATIENCE)) {
      System.getLogger(PendingLoads.class.getName()).log(System.Logger.Level.WARNING,
          "cache {0} goes on closing while a loadAll is still running after {1}", cacheName, PATIENCE);
    }
  }

  /** Waits until no load is running, or until {@code patience} has passed; true if none is. */
  private synchronized boolean awaitNone(Duration patience) {
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
