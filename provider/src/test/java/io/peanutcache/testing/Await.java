package io.peanutcache.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Waits for what a cluster does in its own time (a watch event, an invalidation, a view change),
 * polling, with a deadline generous enough for a busy two-core machine: a test asserts that it
 * happens, never how fast.
 */
public final class Await {

  private static final long POLL_MILLIS = 20;

  private Await() {}

  /**
   * Returns once {@code condition} holds.
   *
   * @param within how long to wait at most
   * @param condition what must come to hold
   * @param what describes it, for the failure
   * @throws AssertionError if it does not hold within the time, or the wait is interrupted
   */
  public static void until(Duration within, BooleanSupplier condition, Supplier<String> what) {
    long deadline = System.nanoTime() + within.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("not within " + within.toSeconds() + " s: " + what.get());
      }
      try {
        Thread.sleep(POLL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for: " + what.get(), e);
      }
    }
  }
}
