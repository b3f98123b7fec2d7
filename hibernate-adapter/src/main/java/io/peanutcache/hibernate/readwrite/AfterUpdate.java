package io.peanutcache.hibernate.readwrite;

import java.io.Serial;
import javax.cache.processor.MutableEntry;

/**
 * After a transaction that updated a key committed: caches its value when it alone held the
 * key's lock; releases its hold when others locked the key too (their outcome is not known, so
 * nothing is cached until a later load); and, when its lock is gone, leaves a lock released at
 * once. Tells whether the value was cached.
 */
final class AfterUpdate extends Step<Boolean> {

  @Serial
  private static final long serialVersionUID = 1L;

  private final LockHandle handle;
  private final Object value;
  private final Object version;
  private final long timestamp;
  private final LockHandle replacement;
  private final long lockTimeout;

  /**
   * @param handle the handle of the lock the transaction took
   * @param value the updated value
   * @param version its version, or null
   * @param timestamp now, as a region timestamp
   * @param replacement the handle of the released lock that replaces a lock that is gone
   * @param lockTimeout how long a lock lasts, in region timestamp units
   */
  AfterUpdate(LockHandle handle, Object value, Object version, long timestamp,
      LockHandle replacement, long lockTimeout) {
    this.handle = handle;
    this.value = value;
    this.version = version;
    this.timestamp = timestamp;
    this.replacement = replacement;
    this.lockTimeout = lockTimeout;
  }

  @Override
  Boolean apply(MutableEntry<Object, Object> entry, Lockable current) {
    if (!(current instanceof Lock lock) || !lock.isHeldWith(handle)) {
      entry.setValue(Lock.released(replacement, timestamp, lockTimeout));
      return false;
    }
    if (lock.concurrent()) {
      entry.setValue(lock.unlock(timestamp));
      return false;
    }
    entry.setValue(new Item(value, version, timestamp));
    return true;
  }
}
