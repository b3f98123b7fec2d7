package io.peanutcache.hibernate.readwrite;

import java.io.Serial;
import javax.cache.processor.MutableEntry;

/**
 * Caches a value loaded from the database, unless what the region holds forbids it: a lock held
 * by a transaction, or released after the load began, or a value of the same or a newer version.
 * Tells whether the value was cached.
 */
final class PutFromLoad extends Step<Boolean> {

  @Serial
  private static final long serialVersionUID = 1L;

  private final Object value;
  private final Object version;
  private final long txTimestamp;
  private final boolean minimalPut;
  private final VersionOrder order;

  /**
   * @param value the loaded value
   * @param version its version, or null
   * @param txTimestamp when the loading transaction began
   * @param minimalPut whether to leave a cached value in place when there is no version to
   *     compare
   * @param order how versions compare
   */
  PutFromLoad(Object value, Object version, long txTimestamp, boolean minimalPut,
      VersionOrder order) {
    this.value = value;
    this.version = version;
    this.txTimestamp = txTimestamp;
    this.minimalPut = minimalPut;
    this.order = order;
  }

  @Override
  Boolean apply(MutableEntry<Object, Object> entry, Lockable current) {
    if (current != null && !current.isWriteable(txTimestamp, version, order)) {
      return false;
    }
    if (minimalPut && version == null && current != null) {
      return false;
    }
    entry.setValue(new Item(value, version, txTimestamp));
    return true;
  }
}
