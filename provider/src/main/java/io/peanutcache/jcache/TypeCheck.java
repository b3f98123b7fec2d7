package io.peanutcache.jcache;

import java.util.Objects;
import java.util.Set;

/**
 * Refuses null keys and values, and keys or values of the wrong class when the configuration names
 * types other than {@code Object}.
 *
 * @param <K> the type of keys
 * @param <V> the type of values
 */
final class TypeCheck<K, V> {

  private final String cacheName;
  private final Class<K> keyType;
  private final Class<V> valueType;
  private final boolean typed;

  TypeCheck(String cacheName, Class<K> keyType, Class<V> valueType) {
    this.cacheName = cacheName;
    this.keyType = keyType;
    this.valueType = valueType;
    this.typed = keyType != Object.class || valueType != Object.class;
  }

  /**
   * Checks a key.
   *
   * @throws NullPointerException if it is null
   */
  static void requireKey(Object key) {
    if (key == null) {
      throw new NullPointerException("a cache key must not be null");
    }
  }

  /**
   * Checks a set of keys.
   *
   * @throws NullPointerException if the set or one of its keys is null
   */
  static void requireKeys(Set<?> keys) {
    Objects.requireNonNull(keys, "the set of keys must not be null");
    for (Object key : keys) {
      requireKey(key);
    }
  }

  /**
   * Checks a key and value about to be stored.
   *
   * @throws NullPointerException if either is null
   * @throws ClassCastException if either is not of the configured type
   */
  void checkEntry(Object key, Object value) {
    if (key == null) {
      throw new NullPointerException("a cache key must not be null");
    }
    if (value == null) {
      throw new NullPointerException("a cache value must not be null (key " + key + ")");
    }
    if (typed) {
      if (!keyType.isInstance(key)) {
        throw new ClassCastException("cache " + cacheName + " holds keys of type " + keyType.getName()
            + "; a key of type " + key.getClass().getName() + " is not allowed");
      }
      if (!valueType.isInstance(value)) {
        throw new ClassCastException("cache " + cacheName + " holds values of type "
            + valueType.getName() + "; a value of type " + value.getClass().getName() + " is not allowed");
      }
    }
  }
}
