package io.peanutcache.load;

import java.util.concurrent.CancellationException;
import java.util.function.Supplier;

/**
 * The deadline of the request a thread works for, when that request came from a peer: a caller
 * that joins a load another caller leads waits no longer than it, since nobody would get the value
 * after it. The transport sets it around a peer's request; the engine's waits read it.
 */
public final class RequestDeadline {

  /** The deadline, as a {@link System#nanoTime()}, of the request this thread runs; null if none. */
  private static final ThreadLocal<long[]> DEADLINE = new ThreadLocal<>();

  private RequestDeadline() {}

  /**
   * Runs {@code work} on this thread for a request whose caller waits until {@code deadlineNanos}.
   *
   * @param deadlineNanos the deadline, a {@link System#nanoTime()}
   * @param work the request's work
   * @param <T> what it returns
   * @return what {@code work} returned
   */
  public static <T> T runWithin(long deadlineNanos, Supplier<T> work) {
    long[] outer = DEADLINE.get();
    DEADLINE.set(new long[] {deadlineNanos});
    try {
      return work.get();
    } finally {
      if (outer == null) {
        DEADLINE.remove();
      } else {
        DEADLINE.set(outer);
      }
    }
  }

  /**
   * How long the request this thread runs has left.
   *
   * @return nanoseconds, 0 or less once it has passed; {@link Long#MAX_VALUE} without a deadline
   */
  static long nanosLeft() {
    long[] deadline = DEADLINE.get();
    return deadline == null ? Long.MAX_VALUE : deadline[0] - System.nanoTime();
  }

  /** The failure of a wait that the request's deadline ended, for a load of {@code key}. */
  static CancellationException passed(Object key) {
    return new CancellationException("the deadline of the request passed while it waited for the load of key "
        + key + " that another caller leads");
  }
}
