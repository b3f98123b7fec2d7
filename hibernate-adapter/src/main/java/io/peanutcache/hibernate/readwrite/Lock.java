package io.peanutcache.hibernate.readwrite;

import java.io.Serial;
import java.util.HashSet;
import java.util.Set;

/**
 * A soft lock: no transaction reads the key while it is held, and when it is released only a
 * value loaded after the release (or of a newer version) is cached.
 *
 * <p>It knows each holder by its handle, so that every step is idempotent: a step that reached
 * the owner but whose answer was lost can be sent again (taking a lock twice with one handle
 * holds it once, releasing it twice releases it once).
 *
 * @param holders the handles of the transactions that hold it
 * @param version the version of the item it replaced, or null
 * @param timeout when the lock expires, as a region timestamp: a transaction that began after that
 *     may cache a value again even if a holder never released it (it died)
 * @param concurrent whether more than one transaction took it
 * @param unlockTimestamp when the last holder released it
 */
public record Lock(Set<LockHandle> holders, Object version, long timeout, boolean concurrent,
    long unlockTimestamp) implements Lockable {

  @Serial
  private static final long serialVersionUID = 1L;

  /** Copies the holders, which stay unchanged. */
  public Lock {
    holders = Set.copyOf(holders);
  }

  /** A lock taken by one transaction, where there was no lock. */
  static Lock first(LockHandle handle, Object version, long timeout) {
    return new Lock(Set.of(handle), version, timeout, false, 0);
  }

  /**
   * A lock released at once: what replaces a lock that expired before its holder released it, so
   * that only transactions that begin after {@code timestamp} cache the key again.
   */
  static Lock released(long timestamp, long timeout) {
    return new Lock(Set.of(), null, timestamp + timeout, false, timestamp);
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
    if (!holders.isEmpty()) {
      return false;
    }
    return version == null ? txTimestamp > unlockTimestamp : order.isOlder(version, newVersion);
  }

  /** Held by one more transaction (or again by one that holds it: then only the timeout moves). */
  @Override
  public Lock lock(long timeout, LockHandle handle) {
    if (holders.contains(handle)) {
      return new Lock(holders, version, Math.max(this.timeout, timeout), concurrent, unlockTimestamp);
    }
    Set<LockHandle> more = new HashSet<>(holders);
    more.add(handle);
    return new Lock(more, version, Math.max(this.timeout, timeout), concurrent || !holders.isEmpty(),
        unlockTimestamp);
  }

  /** Whether the transaction of {@code handle} holds this lock. */
  boolean isHeldWith(LockHandle handle) {
    return holders.contains(handle);
  }

  /** Released by the holder of {@code handle} at {@code timestamp}. */
  Lock unlock(LockHandle handle, long timestamp) {
    if (!holders.contains(handle)) {
      return this;
    }
    Set<LockHandle> fewer = new HashSet<>(holders);
    fewer.remove(handle);
    return new Lock(fewer, version, timeout, concurrent, fewer.isEmpty() ? timestamp : unlockTimestamp);
  }
}
