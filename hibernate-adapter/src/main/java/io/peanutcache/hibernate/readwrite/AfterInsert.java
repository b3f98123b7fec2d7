package io.peanutcache.hibernate.readwrite;

import java.io.Serial;
import javax.cache.processor.MutableEntry;

/**
 * Caches a value a transaction inserted, after it committed, if the region holds nothing for the
 * key. Tells whether it was cached.
 */
final class AfterInsert extends Step<Boolean> {

  @Serial
  private static final long serialVersionUID = 1L;

  private final Object value;
  private final Object version;
  private final long timestamp;

  /**
   * @param value the inserted value
   * @param version its version, or null
   * @param timestamp now, as a region timestamp
   */
  AfterInsert(Object value, Object version, long timestamp) {
    this.value = value;
    this.version = version;
    this.timestamp = timestamp;
  }

  @Override
  Boolean apply(MutableEntry<Object, Object> entry, Lockable current) {
    if (current != null) {
      return false;
    }
    entry.setValue(new Item(value, version, timestamp));
    return true;
  }
}
