package io.peanutcache.engine;

import io.peanutcache.codec.ValueCodec;
import io.peanutcache.store.StoredEntry;

/**
 * How keys and values are held in the store: encoded copies for store-by-value, the objects
 * themselves for store-by-reference.
 */
abstract sealed class ValueStorage {

  /**
   * The stored form of {@code value}; for store-by-value, encoding it may fail. For store-by-value
   * every call returns a new array, even for equal values: the identity of an entry's stored form
   * is its version (see {@link VersionedValue}).
   */
  abstract Object store(Object value);

  /** The value a caller gets for a stored form: a fresh copy for store-by-value. */
  abstract Object read(Object stored);

  /**
   * The stored form when it is the value's encoding, as store-by-value keeps it: shared with the
   * store, so never to be changed. Null for store-by-reference, which keeps the value itself.
   */
  abstract byte[] encoding(Object stored);

  /** The key to keep in the store for {@code key}: a copy for store-by-value. */
  abstract Object storeKey(Object key);

  /** An independent copy of {@code value}, as a caller of a store-by-value cache gets. */
  abstract Object copy(Object value);

  /** Whether the stored form holds a value equal to {@code value}. */
  final boolean holds(Object stored, Object value) {
    return value.equals(read(stored));
  }

  /** The bytes an entry takes, for stores bounded by bytes. */
  abstract int weigh(Object key, StoredEntry entry);

  static ValueStorage byValue(ValueCodec codec) {
    return new ByValue(codec);
  }

  static ValueStorage byReference() {
    return new ByReference();
  }

  /** Store-by-value: values as encoded bytes, keys as independent copies. */
  static final class ByValue extends ValueStorage {
    private final ValueCodec codec;

    ByValue(ValueCodec codec) {
      this.codec = codec;
    }

    @Override
    Object store(Object value) {
      return codec.encode(value);
    }

    @Override
    Object read(Object stored) {
      return codec.decode((byte[]) stored);
    }

    @Override
    byte[] encoding(Object stored) {
      return (byte[]) stored;
    }

    @Override
    Object storeKey(Object key) {
      return codec.copy(key);
    }

    @Override
    Object copy(Object value) {
      return codec.copy(value);
    }

    @Override
    int weigh(Object key, StoredEntry entry) {
      return codec.encode(key).length + ((byte[]) entry.value()).length;
    }
  }

  /** Store-by-reference: the objects the application handed in. */
  static final class ByReference extends ValueStorage {
    @Override
    Object store(Object value) {
      return value;
    }

    @Override
    Object read(Object stored) {
      return stored;
    }

    @Override
    byte[] encoding(Object stored) {
      return null;
    }

    @Override
    Object storeKey(Object key) {
      return key;
    }

    @Override
    Object copy(Object value) {
      return value;
    }

    @Override
    int weigh(Object key, StoredEntry entry) {
      throw new IllegalStateException("a store-by-reference cache cannot be bounded by bytes");
    }
  }
}
