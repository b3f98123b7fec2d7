package io.peanutcache.hibernate.time;

import io.peanutcache.threads.DaemonThreads;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.cache.Cache;
import javax.cache.CacheException;

/**
 * Timestamps in Hibernate's format (milliseconds shifted left by {@value #BITS} bits, so 4,096
 * per millisecond) on the cluster's time: the wall clock of the owner of one key of the clock
 * cache, which every node reads {@value #FIRST_READINGS} times at start and then every {@link
 * #SYNC_INTERVAL}, taking the offset all recent readings agree on ({@link ReferenceOffset}), so
 * that a reading slowed on its way does not put this node's time behind or ahead of the others'.
 * {@link #next()} never goes back and never repeats on this node, also when the reference node
 * changes (a node leaves) and the new one's clock is behind: it then counts on from the last
 * timestamp until the cluster's time catches up.
 *
 * <p>If the reference cannot be read, the last offset stays (at start, this node's own clock).
 */
public final class ClusterClock implements AutoCloseable {

  /** Hibernate's timestamps count 2^12 per millisecond. */
  public static final int BITS = 12;

  /** How often a node reads the reference clock. */
  public static final Duration SYNC_INTERVAL = Duration.ofSeconds(1);

  /**
   * How many readings a node takes at start, one after the other: the first one's way there loads
   * classes and connects, so it says little about where the reference's time is.
   */
  static final int FIRST_READINGS = 3;

  private static final System.Logger LOG = System.getLogger(ClusterClock.class.getName());
  private static final String KEY = "reference";

  private final Cache<Object, Object> clocks;
  private final AtomicLong last = new AtomicLong();
  private final ScheduledExecutorService sync;
  private final ReferenceOffset readings = new ReferenceOffset();
  private volatile long offsetMillis;
  /** Whether the last reading failed. */
  private boolean unread;
  /** Whether the offset was said since it was known or last moved by more than a second. */
  private boolean announced;

  /**
   * Reads the reference clock {@value #FIRST_READINGS} times (once if it cannot be read), then
   * every {@link #SYNC_INTERVAL}.
   *
   * @param clocks the cluster's clock cache, the same on every node
   */
  public ClusterClock(Cache<Object, Object> clocks) {
    this.clocks = clocks;
    for (int reading = 0; reading < FIRST_READINGS; reading++) {
      if (!read()) {
        break;
      }
    }
    announce();
    this.sync = Executors.newSingleThreadScheduledExecutor(
        new DaemonThreads("peanutcache-hibernate-clock-" + clocks.getName()));
    sync.scheduleWithFixedDelay(this::sync, SYNC_INTERVAL.toMillis(), SYNC_INTERVAL.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  /**
   * A span of timestamps (such as Hibernate's lock timeout) in nanoseconds.
   *
   * @param span the span, in timestamp units
   * @return the span in nanoseconds
   */
  public static long nanos(long span) {
    return TimeUnit.MILLISECONDS.toNanos(span >> BITS);
  }

  /** The next timestamp: later than every one this node gave before. */
  public long next() {
    long physical = (WallClock.millis() + offsetMillis) << BITS;
    while (true) {
      long previous = last.get();
      long next = Math.max(physical, previous + 1);
      if (last.compareAndSet(previous, next)) {
        return next;
      }
    }
  }

  /** How far the cluster's time is ahead of this JVM's clock, in milliseconds, as last read. */
  public long offsetMillis() {
    return offsetMillis;
  }

  /**
   * Reads the reference clock and keeps the offset to it.
   *
   * @return whether the reference was read
   */
  synchronized boolean sync() {
    boolean read = read();
    announce();
    return read;
  }

  private boolean read() {
    long sentAt = WallClock.millis();
    long startNanos = System.nanoTime();
    try {
      long reference = clocks.invoke(KEY, new ReadWallClock());
      readings.add(sentAt, System.nanoTime() - startNanos, reference);
      long offset = readings.millis();
      if (announced && Math.abs(offset - offsetMillis) > 1000) {
        announced = false;
      }
      offsetMillis = offset;
      if (unread) {
        unread = false;
        LOG.log(System.Logger.Level.INFO, "the cluster clock can be read again");
      }
      return true;
    } catch (CacheException | IllegalStateException e) {
      // the owner cannot be reached, or the cache closed with the session factory: said once
      // per outage, not every second
      LOG.log(unread ? System.Logger.Level.DEBUG : System.Logger.Level.WARNING, "cannot read the"
          + " cluster clock, keeping an offset of {0} ms until it can: {1}", offsetMillis,
          e.getMessage());
      unread = true;
      return false;
    }
  }

  /** Says the offset once it is known, and again when it moved by more than a second. */
  private void announce() {
    if (!announced && readings.known()) {
      LOG.log(System.Logger.Level.INFO, "second-level cache timestamps follow the cluster clock,"
          + " {0} ms (within {1} ms) from the clock of this JVM", offsetMillis,
          readings.uncertaintyMillis());
      announced = true;
    }
  }

  /** Stops reading the reference clock. */
  @Override
  public void close() {
    if (sync != null) {
      sync.shutdownNow();
    }
  }
}
