package io.peanutcache.hibernate.nonstrict;

import java.io.Serial;
import java.io.Serializable;
import java.util.Objects;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.MutableEntry;

/**
 * Caches a value loaded from the database, on the key's owner, unless the key was evicted after
 * the load began. Tells whether the value was cached.
 *
 * <p>When the loading node saw what the region held for the key when it missed it (before it
 * read the database), "after the load began" is "since that miss": the eviction the owner holds
 * now must be the one the miss saw, whatever the clocks say. Otherwise (a load with no miss
 * before it on that thread) the transaction's timestamp must be later than the latest eviction's.
 */
final class PutUnlessEvicted implements EntryProcessor<Object, Object, Boolean>, Serializable {

  @Serial
  private static final long serialVersionUID = 1L;

  private final Object value;
  private final long txTimestamp;
  private final boolean minimalPut;
  private final Miss miss;

  /**
   * @param value the loaded value
   * @param txTimestamp when the loading transaction began
   * @param minimalPut whether to leave a cached value in place
   * @param miss what the loading node saw when it missed the key, or null if it did not
   */
  PutUnlessEvicted(Object value, long txTimestamp, boolean minimalPut, Miss miss) {
    this.value = value;
    this.txTimestamp = txTimestamp;
    this.minimalPut = minimalPut;
    this.miss = miss;
  }

  @Override
  public Boolean process(MutableEntry<Object, Object> entry, Object... arguments) {
    Object held = entry.getValue();
    Evicted latest = held instanceof Evicted evicted ? evicted
        : held instanceof Loaded loaded ? loaded.eviction() : null;
    boolean evictedSince = miss != null ? !Objects.equals(latest, miss.eviction())
        : latest != null && !latest.allowsLoadFrom(txTimestamp);
    if (evictedSince || minimalPut && held != null && !(held instanceof Evicted)) {
      return false;
    }
    entry.setValue(new Loaded(value, latest));
    return true;
  }
}
