package io.peanutcache.hibernate.readwrite;

import io.peanutcache.cluster.transport.PeerException;
import io.peanutcache.engine.DaemonThreads;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.processor.EntryProcessor;

/**
 * Steps that release a lock or cache a value after a commit, sent again in the background when
 * the key's owner did not answer in time, until it does or the lock timeout has passed (the lock
 * expires then anyway). The transaction never waits for them. An owner that cannot be reached at
 * all is not tried again: it holds nothing any node can read.
 *
 * <p>One per region factory; {@link #close()} stops the retries.
 */
public final class StepRetries implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(StepRetries.class.getName());
  private static final long PAUSE_MILLIS = 250;

  private final ScheduledExecutorService again = Executors.newSingleThreadScheduledExecutor(
      new DaemonThreads("peanutcache-hibernate-step-retries"));

  /**
   * Runs {@code step} on the owner of {@code key}, and again in the background if it failed.
   *
   * @param onFailure what the step tells when it did not run now
   * @param timeoutNanos how long to keep sending it
   * @return what the step told, or {@code onFailure}
   */
  <T> T run(Cache<Object, Object> cache, Object key, EntryProcessor<Object, Object, T> step,
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
  static boolean isWorthRetrying(CacheException failed) {
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
