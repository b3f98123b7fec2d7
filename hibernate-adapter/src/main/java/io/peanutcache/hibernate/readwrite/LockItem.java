package io.peanutcache.hibernate.readwrite;

import java.io.Serial;
import javax.cache.processor.MutableEntry;

/**
 * Takes a soft lock on a key before a transaction changes it in the database: the cached value
 * goes, and no value is cached until the lock is released (or expires). Taking it again with the
 * same handle (a step sent again) holds it once. Tells the handle, which the transaction releases
 * the lock with.
 */
final class LockItem extends Step<LockHandle> {

  @Serial
  private static final long serialVersionUID = 1L;

  private final LockHandle handle;
  private final Object version;
  private final long timeout;

  /**
   * @param handle the handle of a new lock
   * @param version the version being changed, or null
   * @param timeout when the lock expires, as a region timestamp
   */
  LockItem(LockHandle handle, Object version, long timeout) {
    this.handle = handle;
    this.version = version;
    this.timeout = timeout;
  }

  @Override
  LockHandle apply(MutableEntry<Object, Object> entry, Lockable current) {
    entry.setValue(current == null ? Lock.first(handle, version, timeout) : current.lock(timeout, handle));
    return handle;
  }
}
