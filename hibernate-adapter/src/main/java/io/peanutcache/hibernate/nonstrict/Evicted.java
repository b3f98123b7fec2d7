package io.peanutcache.hibernate.nonstrict;

import java.io.Serial;
import java.io.Serializable;

/**
 * What a nonstrict region holds for a key that a transaction changed: no value, and when it was
 * evicted. It stays until a transaction that began after the eviction caches a value in its place,
 * and goes on with that value ({@link Loaded}).
 *
 * @param timestamp when the key was evicted, as a region timestamp
 * @param id what tells this eviction from every other
 */
record Evicted(long timestamp, long id) implements Serializable {

  @Serial
  private static final long serialVersionUID = 1L;

  /**
   * An eviction at {@code timestamp}, told apart from any other by a random id (two nodes may
   * evict at the same timestamp).
   */
  Evicted(long timestamp) {
    this(timestamp, java.util.concurrent.ThreadLocalRandom.current().nextLong());
  }

  /** Whether a value loaded by a transaction that began at {@code txTimestamp} may be cached. */
  boolean allowsLoadFrom(long txTimestamp) {
    return txTimestamp > timestamp;
  }
}
