package io.peanutcache.event;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import javax.cache.event.CacheEntryListenerException;

/**
 * The deliveries to synchronous listeners that the cache operations running on one thread started;
 * an operation waits for them before it returns.
 *
 * <p>Each thread has one batch, open while an operation with listeners runs on it. Besides the
 * events the operation publishes itself, expiries that the store performs on this thread during
 * the operation (its maintenance runs inline) join the open batch, so a synchronous listener has
 * heard of them too when the operation returns. Not thread-safe: used by its own thread only.
 */
public final class EventBatch {

  private static final ThreadLocal<EventBatch> THREAD = ThreadLocal.withInitial(EventBatch::new);

  private List<CompletableFuture<Void>> synchronous;

  /** Operations on this thread that opened the batch and have not awaited it yet. */
  private int depth;

  private EventBatch() {}

  /**
   * Opens this thread's batch for an operation; {@link #await()} closes it.
   *
   * @return the thread's batch
   */
  public static EventBatch open() {
    EventBatch batch = THREAD.get();
    batch.depth++;
    return batch;
  }

  /** This thread's batch if an operation has it open, else null. */
  static EventBatch openOnThisThread() {
    EventBatch batch = THREAD.get();
    return batch.depth > 0 ? batch : null;
  }

  void add(CompletableFuture<Void> delivery) {
    if (synchronous == null) {
      synchronous = new ArrayList<>(2);
    }
    synchronous.add(delivery);
  }

  /**
   * Waits until every synchronous listener has handled its event.
   *
   * @throws CacheEntryListenerException if a listener failed (an {@link Error} it threw is
   *     rethrown as it is)
   */
  public void await() {
    if (depth > 0) {
      depth--;
    }
    if (synchronous == null) {
      return;
    }
    RuntimeException failure = null;
    boolean interrupted = false;
    for (CompletableFuture<Void> delivery : synchronous) {
      while (true) {
        try {
          delivery.get();
          break;
        } catch (InterruptedException e) {
          interrupted = true;
        } catch (ExecutionException e) {
          Throwable cause = e.getCause();
          if (cause instanceof Error error) {
            throw error;
          }
          if (failure == null) {
            failure = cause instanceof CacheEntryListenerException listenerFailure
                ? listenerFailure
                : new CacheEntryListenerException("a cache entry listener failed: " + cause, cause);
          }
          break;
        }
      }
    }
    synchronous = null;
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    if (failure != null) {
      throw failure;
    }
  }
}
