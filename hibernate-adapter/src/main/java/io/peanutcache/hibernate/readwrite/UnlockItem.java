package io.peanutcache.hibernate.readwrite;

import java.io.Serial;
import javax.cache.processor.MutableEntry;

/**
 * Releases a soft lock after the transaction that took it ended without caching a new value:
 * when its last holder releases it, transactions that begin afterwards may cache the key again.
 * A lock the transaction no longer holds stays as it is (another transaction holds it, or this
 * step was sent again); where there is no lock (it expired and a value was cached, or the region
 * was cleared), a lock released at once takes its place, so that a transaction that began before
 * now still caches nothing.
 */
final class UnlockItem extends Step<Void> {

  @Serial
  private static final long serialVersionUID = 1L;

  private final LockHandle handle;
  private final long timestamp;
  private final long lockTimeout;

  /**
   * @param handle the transaction's handle
   * @param timestamp now, as a region timestamp
   * @param lockTimeout how long a lock lasts, in region timestamp units
   */
  UnlockItem(LockHandle handle, long timestamp, long lockTimeout) {
    this.handle = handle;
    this.timestamp = timestamp;
    this.lockTimeout = lockTimeout;
  }

  @Override
  Void apply(MutableEntry<Object, Object> entry, Lockable current) {
    if (current instanceof Lock lock) {
      if (lock.isHeldWith(handle)) {
        entry.setValue(lock.unlock(handle, timestamp));
      }
    } else {
      entry.setValue(Lock.released(timestamp, lockTimeout));
    }
    return null;
  }
}
