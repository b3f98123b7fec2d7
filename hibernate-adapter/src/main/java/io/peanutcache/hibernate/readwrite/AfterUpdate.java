package io.peanutcache.hibernate.readwrite;

import java.io.Serial;
import javax.cache.processor.MutableEntry;

/**
 * After a transaction that updated a key committed: caches its value when it alone held the
 * key's lock; releases its hold when others locked the key too (their outcome is not known, so
 * nothing is cached until a later load); leaves a lock it no longer holds as it is; and, where
 * there is no lock, leaves one released at once. Sent again, it changes nothing more. Tells
 * whether the value was cached.
 */
final class AfterUpdate extends Step<Boolean> {

  @Serial
  private static final long serialVersionUID = 1L;

  private final LockHandle handle;
  private final Object value;
  private final Object version;
  private final long timestamp;
  private final long lockTimeout;

  /**
   * @param handle the transaction's handle
   * @param value the updated value
   * @param version its version, or null
   * @param timestamp now, as a region timestamp
   * @param lockTimeout how long a lock lasts, in region timestamp units
   */
  AfterUpdate(LockHandle handle, Object value, Object version, long timestamp, long lockTimeout) {
    this.handle = handle;
    this.value = value;
    this.version = version;
    this.timestamp = timestamp;
    this.lockTimeout = lockTimeout;
  }

  @Override
  Boolean apply(MutableEntry<Object, Object> entry, Lockable current) {
    if (!(current instanceof Lock lock)) {
      entry.setValue(Lock.released(timestamp, lockTimeout));
      return false;
    }
    if (!lock.isHeldWith(handle)) {
      return false;
    }
    if (lock.concurrent()) {
      entry.setValue(lock.unlock(handle, timestamp));
      return false;
    }
    entry.setValue(new Item(value, version, timestamp));
    return true;
  }
}
