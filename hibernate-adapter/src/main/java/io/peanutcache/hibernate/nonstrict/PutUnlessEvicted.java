package io.peanutcache.hibernate.nonstrict;

import java.io.Serial;
import java.io.Serializable;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.MutableEntry;

/**
 * Caches a value loaded from the database, on the key's owner, unless the key was evicted after
 * the loading transaction began. Tells whether the value was cached.
 */
final class PutUnlessEvicted implements EntryProcessor<Object, Object, Boolean>, Serializable {

  @Serial
  private static final long serialVersionUID = 1L;

  private final Object value;
  private final long txTimestamp;
  private final boolean minimalPut;

  /**
   * @param value the loaded value
   * @param txTimestamp when the loading transaction began
   * @param minimalPut whether to leave a cached value in place
   */
  PutUnlessEvicted(Object value, long txTimestamp, boolean minimalPut) {
    this.value = value;
    this.txTimestamp = txTimestamp;
    this.minimalPut = minimalPut;
  }

  @Override
  public Boolean process(MutableEntry<Object, Object> entry, Object... arguments) {
    Object held = entry.getValue();
    Evicted latest = held instanceof Evicted evicted ? evicted
        : held instanceof Loaded loaded ? loaded.eviction() : null;
    if (latest != null && !latest.allowsLoadFrom(txTimestamp)
        || minimalPut && held != null && !(held instanceof Evicted)) {
      return false;
    }
    entry.setValue(new Loaded(value, latest));
    return true;
  }
}
