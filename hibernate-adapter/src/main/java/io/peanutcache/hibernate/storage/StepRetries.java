package io.peanutcache.hibernate.storage;

import io.peanutcache.PeerException;
import io.peanutcache.threads.DaemonThreads;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.processor.EntryProcessor;

/**
 * Steps sent again when the key's owner did not answer in time (busy, or its process paused), in
 * one of two ways: the transaction waits for a step that must land before the database changes
 * (a soft lock, a nonstrict eviction: {@link #runWaiting}), and steps that release a lock or cache
 * a value after a commit are sent again in the background ({@link #run}). Both give up when the
 * lock timeout has passed (a lock expires then anyway). An owner that cannot be reached at all is
 * not tried again: it holds nothing any node can read. A node that starts again starts empty, and
 * a node that was reached before is taken for unreachable only after it was silent for longer than
 * a node may pause and keep what it holds: one that was only paused (a stopped process, a long
 * collection) drops everything when it goes on, and refuses the steps sent to it meanwhile.
 *
 * <p>One per region factory; {@link #close()} stops the background retries.
 */
public final class StepRetries implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(StepRetries.class.getName());
  private static final long PAUSE_MILLIS = 100;

  private final ScheduledExecutorService again = Executors.newSingleThreadScheduledExecutor(
      new DaemonThreads("peanutcache-hibernate-step-retries"));

  /**
   * Runs {@code step} on the owner of {@code key}, sending it again while the owner answers late,
   * for at most {@code timeoutNanos}; the caller waits.
   *
   * @param onUnreachable what the step tells when the owner cannot be reached at all (logged)
   * @return what the step told, or {@code onUnreachable}
   * @throws org.hibernate.cache.CacheException naming the step, the key and the region, if the
   *     owner did not answer within {@code timeoutNanos}, or the step failed for another reason
   */
  public <T> T runWaiting(Cache<Object, Object> cache, Object key,
      EntryProcessor<Object, Object, T> step, T onUnreachable, long timeoutNanos) {
    long giveUpAt = System.nanoTime() + timeoutNanos;
    while (true) {
      try {
        return cache.invoke(key, step);
      } catch (CacheException failed) {
        if (PeerException.isUnreachable(failed)) {
          LOG.log(System.Logger.Level.WARNING, "{0} of {1} in region {2}: the owner cannot be"
              + " reached, and holds nothing any node can read; going on without it: {3}",
              step.getClass().getSimpleName(), key, cache.getName(), failed.getMessage());
          return onUnreachable;
        }
        boolean late = isWorthRetrying(failed);
        if (!late || System.nanoTime() - giveUpAt >= 0) {
          throw new org.hibernate.cache.CacheException(step.getClass().getSimpleName() + " of "
              + key + " in the second-level cache region " + cache.getName() + " failed"
              + (late ? ": the owner did not answer within the lock timeout: " : ": ")
              + failed.getMessage(), failed);
        }
        LOG.log(System.Logger.Level.DEBUG, "sending {0} of {1} again: {2}",
            step.getClass().getSimpleName(), key, failed.getMessage());
        pause();
      }
    }
  }

  private static void pause() {
    try {
      Thread.sleep(PAUSE_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new org.hibernate.cache.CacheException("interrupted while waiting for a key's owner", e);
    }
  }

  /**
   * Runs {@code step} on the owner of {@code key}, and again in the background if it failed.
   *
   * @param onFailure what the step tells when it did not run now
   * @param timeoutNanos how long to keep sending it
   * @return what the step told, or {@code onFailure}
   */
  public <T> T run(Cache<Object, Object> cache, Object key, EntryProcessor<Object, Object, T> step,
      T onFailure, long timeoutNanos) {
    try {
      return cache.invoke(key, step);
    } catch (CacheException failed) {
      if (!isWorthRetrying(failed)) {
        LOG.log(System.Logger.Level.WARNING, "{0} of {1} in region {2} failed, the lock expires"
            + " with the lock timeout: {3}", step.getClass().getSimpleName(), key, cache.getName(),
            failed.getMessage());
        return onFailure;
      }
      retryLater(cache, key, step, System.nanoTime() + timeoutNanos);
      return onFailure;
    }
  }

  /**
   * Whether a step that threw {@code failed} may succeed if sent again: the key's owner was
   * reached, or may be, but did not answer in time.
   */
  private static boolean isWorthRetrying(CacheException failed) {
    if (PeerException.isUnreachable(failed)) {
      return false;
    }
    for (Throwable cause = failed; cause != null; cause = cause.getCause()) {
      if (cause instanceof PeerException) {
        return true;
      }
    }
    return false;
  }

  private void retryLater(Cache<Object, Object> cache, Object key,
      EntryProcessor<Object, Object, ?> step, long giveUpAt) {
    if (System.nanoTime() - giveUpAt >= 0) {
      LOG.log(System.Logger.Level.WARNING, "{0} of {1} in region {2}: the owner did not answer"
          + " within the lock timeout; the lock expires now", step.getClass().getSimpleName(), key,
          cache.getName());
      return;
    }
    try {
      again.schedule(() -> {
        try {
          cache.invoke(key, step);
        } catch (CacheException failed) {
          if (isWorthRetrying(failed)) {
            retryLater(cache, key, step, giveUpAt);
          }
        } catch (IllegalStateException closed) {
          // the region closed with its session factory
        }
      }, PAUSE_MILLIS, TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.RejectedExecutionException closed) {
      // the region factory stopped
    }
  }

  @Override
  public void close() {
    again.shutdownNow();
  }
}
