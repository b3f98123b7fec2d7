package io.peanutcache.store;

/**
 * Where the store reads the time. Expiry times are expressed on this source's scale, so tests can
 * replace it with a clock they move by hand.
 */
@FunctionalInterface
public interface TimeSource {

  /** The system's monotonic clock. */
  TimeSource SYSTEM = System::nanoTime;

  /**
   * The current time in nanoseconds on a monotonic scale with an arbitrary origin.
   *
   * @return the current time
   */
  long nanos();
}
