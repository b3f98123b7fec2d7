package io.peanutcache.load;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One load in flight for one key. The thread that started it runs the load; the others wait for
 * its result.
 *
 * @param <V> the type of the loaded value
 */
public final class Flight<V> {

  private final CompletableFuture<V> result = new CompletableFuture<>();

  private final AtomicInteger waiters = new AtomicInteger();

  /** Set by a write to the key that lands while the load runs; read when the result is stored. */
  private volatile boolean superseded;

  /** Marks this load as overtaken by a write: its result must not be stored. */
  public void supersede() {
    superseded = true;
  }

  /**
   * Whether a write to the key landed after this load began.
   *
   * @return true if the loaded value must not be stored
   */
  public boolean isSuperseded() {
    return superseded;
  }

  /**
   * How many callers are waiting for this load's result besides the one running it.
   *
   * @return the number of waiting callers
   */
  public int waiters() {
    return waiters.get();
  }

  void addWaiter() {
    waiters.incrementAndGet();
  }

  CompletableFuture<V> result() {
    return result;
  }
}
