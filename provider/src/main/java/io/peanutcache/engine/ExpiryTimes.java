package io.peanutcache.engine;

import io.peanutcache.store.StoredEntry;
import io.peanutcache.store.TimeSource;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import javax.cache.expiry.EternalExpiryPolicy;
import javax.cache.expiry.ExpiryPolicy;
import javax.cache.expiry.ModifiedExpiryPolicy;

/**
 * Turns the answers of a cache's {@link ExpiryPolicy} into expiry times. Each method consults the
 * policy exactly once. A policy that fails leaves an updated or accessed entry's expiry as it was
 * and makes a created entry eternal, as the reference implementation does.
 */
final class ExpiryTimes {

  /** Returned by {@link #forCreation} when the entry must not be created at all. */
  static final long DO_NOT_CREATE = Long.MIN_VALUE;

  private final ExpiryPolicy policy;
  private final boolean eternal;

  ExpiryTimes(ExpiryPolicy policy) {
    this.policy = policy;
    this.eternal = policy.getClass() == EternalExpiryPolicy.class;
  }

  /** Whether entries may expire at all; JSR-107's eternal policy never makes one expire. */
  boolean mayExpire() {
    return !eternal;
  }

  /**
   * Whether reading an entry never changes its expiry: JSR-107's eternal, created and modified
   * policies. Any other policy may answer {@code getExpiryForAccess}, so it is assumed to.
   */
  boolean readsLeaveExpiry() {
    Class<?> type = policy.getClass();
    return type == EternalExpiryPolicy.class || type == CreatedExpiryPolicy.class
        || type == ModifiedExpiryPolicy.class;
  }

  ExpiryPolicy policy() {
    return policy;
  }

  /** The expiry time of an entry created at {@code now}, or {@link #DO_NOT_CREATE} for ZERO. */
  long forCreation(long now) {
    Duration duration;
    try {
      duration = policy.getExpiryForCreation();
    } catch (RuntimeException e) {
      duration = Duration.ETERNAL;
    }
    if (duration == null) {
      duration = Duration.ETERNAL;
    }
    if (duration.isZero()) {
      return DO_NOT_CREATE;
    }
    return at(now, duration);
  }

  /** The expiry time of an entry updated at {@code now} that expired at {@code current}. */
  long forUpdate(long now, long current) {
    Duration duration;
    try {
      duration = policy.getExpiryForUpdate();
    } catch (RuntimeException e) {
      return current;
    }
    return duration == null ? current : at(now, duration);
  }

  /**
   * The expiry time of an entry that expired at {@code current} and was just read; the clock is
   * read only when the policy sets a new duration.
   */
  long forAccess(TimeSource time, long current) {
    Duration duration;
    try {
      duration = policy.getExpiryForAccess();
    } catch (RuntimeException e) {
      return current;
    }
    return duration == null ? current : at(time.nanos(), duration);
  }

  private static long at(long now, Duration duration) {
    if (duration.isEternal()) {
      return StoredEntry.NEVER;
    }
    if (duration.isZero()) {
      return now;
    }
    long nanos = duration.getTimeUnit().toNanos(duration.getDurationAmount());
    long expiresAt = now + nanos;
    // saturate instead of wrapping around for durations near Long.MAX_VALUE nanoseconds
    return (nanos == Long.MAX_VALUE || expiresAt < now) ? StoredEntry.NEVER : expiresAt;
  }
}
