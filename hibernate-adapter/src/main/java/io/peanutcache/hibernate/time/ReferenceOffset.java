package io.peanutcache.hibernate.time;

import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * How far the reference clock is ahead of this JVM's, from the last {@value #WINDOW} readings.
 *
 * <p>A reading sent at local time {@code sentAt} that came back after {@code roundTrip} with the
 * reference's time {@code reference} bounds the offset: the reference was read at some local
 * instant between sending and receiving, so the offset lies between {@code reference - (sentAt +
 * roundTrip)} and {@code reference - sentAt} (each widened by a millisecond for the clocks'
 * resolution). Where that instant falls is not known: a request that waits longer on its way there
 * than back (class loading, a busy owner, a thread that is not scheduled) puts it late. Taking the
 * middle of one reading is wrong by up to half its round trip; taking the middle of what all recent
 * readings agree on is wrong by at most half of the shortest one's, so one slow reading no longer
 * moves the offset.
 *
 * <p>Readings that agree on no offset at all mean the reference changed (another node became the
 * reference) or a clock was set: the older ones are dropped and the newest alone counts.
 *
 * <p>Not thread-safe: the clock's reading thread owns it.
 */
final class ReferenceOffset {

  /** How many readings are kept; at one per second, clocks drift far less than a millisecond. */
  static final int WINDOW = 16;

  private final ArrayDeque<long[]> readings = new ArrayDeque<>(WINDOW);
  private long low;
  private long high;

  /**
   * Adds a reading.
   *
   * @param sentAt this JVM's time when the reading was sent, in milliseconds
   * @param roundTripNanos how long the reading took
   * @param reference the reference's time in the reading, in milliseconds
   */
  void add(long sentAt, long roundTripNanos, long reference) {
    long millisecond = TimeUnit.MILLISECONDS.toNanos(1);
    long roundTrip = (roundTripNanos + millisecond - 1) / millisecond;
    long[] bounds = {reference - sentAt - roundTrip - 1, reference - sentAt + 1};
    if (readings.size() == WINDOW) {
      readings.removeFirst();
    }
    readings.addLast(bounds);
    if (!intersect()) {
      readings.clear();
      readings.addLast(bounds);
      intersect();
    }
  }

  /** Whether a reading was added. */
  boolean known() {
    return !readings.isEmpty();
  }

  /** The offset, in milliseconds: the middle of what the kept readings agree on. */
  long millis() {
    return Math.floorDiv(low + high + 1, 2);
  }

  /** How far the true offset may be from {@link #millis()}, in milliseconds. */
  long uncertaintyMillis() {
    return (high - low + 1) / 2;
  }

  private boolean intersect() {
    low = Long.MIN_VALUE;
    high = Long.MAX_VALUE;
    for (long[] bounds : readings) {
      low = Math.max(low, bounds[0]);
      high = Math.min(high, bounds[1]);
    }
    return low <= high;
  }
}
