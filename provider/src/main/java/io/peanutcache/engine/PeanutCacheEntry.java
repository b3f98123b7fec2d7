package io.peanutcache.engine;

import java.util.Objects;
import javax.cache.Cache;

/**
 * An immutable {@link Cache.Entry}: what iteration returns and what writers receive.
 *
 * @param <K> the type of keys
 * @param <V> the type of values
 */
public final class PeanutCacheEntry<K, V> implements Cache.Entry<K, V> {

  private final K key;
  private final V value;

  /**
   * Creates an entry.
   *
   * @param key the key, not null
   * @param value the value, not null
   */
  public PeanutCacheEntry(K key, V value) {
    this.key = Objects.requireNonNull(key, "key");
    this.value = Objects.requireNonNull(value, "value");
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
  public <T> T unwrap(Class<T> type) {
    if (type.isInstance(this)) {
      return type.cast(this);
    }
    throw new IllegalArgumentException("a cache entry cannot be unwrapped to " + type.getName()
        + "; allowed: " + PeanutCacheEntry.class.getName() + " or a type it implements");
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof PeanutCacheEntry<?, ?> that
        && key.equals(that.key) && value.equals(that.value);
  }

  @Override
  public int hashCode() {
    return key.hashCode() * 31 + value.hashCode();
  }

  @Override
  public String toString() {
    return key + "=" + value;
  }
}
