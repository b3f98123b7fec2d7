package io.peanutcache.engine;

/**
 * A live entry this node holds, as it is handed to a partition's new owner: the key, the value and
 * the time the entry has left.
 *
 * @param key the key
 * @param value the value, a copy when the cache stores by value
 * @param expiresInNanos the nanoseconds until the entry expires, or {@link #NEVER}
 * @param <K> the type of keys
 * @param <V> the type of values
 */
public record HeldEntry<K, V>(K key, V value, long expiresInNanos) {

  /** The time left of an entry that does not expire. */
  public static final long NEVER = Long.MAX_VALUE;
}
