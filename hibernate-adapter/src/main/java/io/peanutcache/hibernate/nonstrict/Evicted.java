package io.peanutcache.hibernate.nonstrict;

import java.io.Serial;
import java.io.Serializable;

/**
 * What a nonstrict region holds for a key that a transaction changed: no value, and when it was
 * evicted. It stays until a transaction that began after the eviction caches a value in its place,
 * and goes on with that value ({@link Loaded}).
 *
 * @param timestamp when the key was evicted, as a region timestamp
 */
record Evicted(long timestamp) implements Serializable {

  @Serial
  private static final long serialVersionUID = 1L;

  /** Whether a value loaded by a transaction that began at {@code txTimestamp} may be cached. */
  boolean allowsLoadFrom(long txTimestamp) {
    return txTimestamp > timestamp;
  }
}
