package io.peanutcache.event;

import javax.cache.Cache;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.EventType;

/**
 * A created, updated, removed or expired event. For removed and expired events the value is the
 * value the entry had, and it is also the old value.
 *
 * @param <K> the type of keys
 * @param <V> the type of values
 */
public final class PeanutCacheEntryEvent<K, V> extends CacheEntryEvent<K, V> {

  private static final long serialVersionUID = 1L;

  private final K key;
  private final V value;
  private final V oldValue;
  private final boolean oldValueAvailable;

  /**
   * Creates an event.
   *
   * @param source the cache the event happened in
   * @param type what happened
   * @param key the entry's key
   * @param value the entry's value after the event (before it, for removed and expired)
   * @param oldValue the value before the event, or null when there was none
   */
  public PeanutCacheEntryEvent(Cache<K, V> source, EventType type, K key, V value, V oldValue) {
    super(source, type);
    this.key = key;
    this.value = value;
    this.oldValue = oldValue;
    this.oldValueAvailable = oldValue != null;
  }

  @Override
  public K getKey() {
    return key;
  }

  @Override
  public V getValue() {
    return value;
  }

  @Override
  public V getOldValue() {
    return oldValue;
  }

  @Override
  public boolean isOldValueAvailable() {
    return oldValueAvailable;
  }

  @Override
  public <T> T unwrap(Class<T> type) {
    if (type.isInstance(this)) {
      return type.cast(this);
    }
    throw new IllegalArgumentException("a cache entry event cannot be unwrapped to " + type.getName()
        + "; allowed: " + PeanutCacheEntryEvent.class.getName() + " or a type it implements");
  }

  @Override
  public String toString() {
    return "CacheEntryEvent{" + getEventType() + ", key=" + key + ", value=" + value
        + ", oldValue=" + oldValue + "}";
  }
}
