package io.peanutcache.hibernate.readwrite;

import java.io.Serial;

/**
 * A soft lock: no transaction reads the key while it is held, and when it is released only a
 * value loaded after the release (or of a newer version) is cached.
 *
 * @param handle the handle of the transaction that took it first
 * @param version the version of the item it replaced, or null
 * @param timeout when the lock expires, as a region timestamp: a transaction that began after that
 *     may cache a value again even if a holder never released it (it died)
 * @param concurrent whether more than one transaction took it
 * @param holders how many transactions hold it
 * @param unlockTimestamp when the last holder released it
 */
public record Lock(LockHandle handle, Object version, long timeout, boolean concurrent,
    int holders, long unlockTimestamp) implements Lockable {

  @Serial
  private static final long serialVersionUID = 1L;

  /** A lock taken by one transaction, where there was no lock. */
  static Lock first(LockHandle handle, Object version, long timeout) {
    return new Lock(handle, version, timeout, false, 1, 0);
  }

  /**
   * A lock released at once: what replaces a lock that expired before its holder released it, so
   * that only transactions that begin after {@code timestamp} cache the key again.
   */
  static Lock released(LockHandle handle, long timestamp, long timeout) {
    return new Lock(handle, null, timestamp + timeout, false, 0, timestamp);
  }

  @Override
  public boolean isReadable(long txTimestamp) {
    return false;
  }

  @Override
  public boolean isWriteable(long txTimestamp, Object newVersion, VersionOrder order) {
    if (txTimestamp > timeout) {
      return true;
    }
    if (holders > 0) {
      return false;
    }
    return version == null ? txTimestamp > unlockTimestamp : order.isOlder(version, newVersion);
  }

  /** Taken by one more transaction, which keeps the first one's handle. */
  @Override
  public Lock lock(long timeout, LockHandle ignored) {
    return new Lock(handle, version, timeout, true, holders + 1, unlockTimestamp);
  }

  /** Whether {@code lock} is this lock's handle. */
  boolean isHeldWith(LockHandle lock) {
    return handle.equals(lock);
  }

  /** Released by one holder at {@code timestamp}. */
  Lock unlock(long timestamp) {
    int left = holders - 1;
    return new Lock(handle, version, timeout, concurrent, left,
        left == 0 ? timestamp : unlockTimestamp);
  }
}
