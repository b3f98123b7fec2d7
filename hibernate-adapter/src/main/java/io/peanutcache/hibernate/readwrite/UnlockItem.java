package io.peanutcache.hibernate.readwrite;

import java.io.Serial;
import javax.cache.processor.MutableEntry;

/**
 * Releases a soft lock after the transaction that took it ended without caching a new value:
 * when its last holder releases it, transactions that begin afterwards may cache the key again.
 * A lock that is gone (it expired, or the region was cleared) is replaced by one released at
 * once, so that a transaction that began before now still caches nothing.
 */
final class UnlockItem extends Step<Void> {

  @Serial
  private static final long serialVersionUID = 1L;

  private final LockHandle handle;
  private final long timestamp;
  private final LockHandle replacement;
  private final long lockTimeout;

  /**
   * @param handle the lock's handle
   * @param timestamp now, as a region timestamp
   * @param replacement the handle of the released lock that replaces a lock that is gone
   * @param lockTimeout how long a lock lasts, in region timestamp units
   */
  UnlockItem(LockHandle handle, long timestamp, LockHandle replacement, long lockTimeout) {
    this.handle = handle;
    this.timestamp = timestamp;
    this.replacement = replacement;
    this.lockTimeout = lockTimeout;
  }

  @Override
  Void apply(MutableEntry<Object, Object> entry, Lockable current) {
    entry.setValue(current instanceof Lock lock && lock.isHeldWith(handle)
        ? lock.unlock(timestamp)
        : Lock.released(replacement, timestamp, lockTimeout));
    return null;
  }
}
