package io.peanutcache.hibernate.readwrite;

import java.io.Serializable;

/**
 * What a read-write region holds for a key: an {@link Item} or a {@link Lock}. Immutable: each
 * step of the strategy replaces it, on the key's owner.
 */
public sealed interface Lockable extends Serializable permits Item, Lock {

  /**
   * Whether a transaction that began at {@code txTimestamp} may read the value.
   *
   * @param txTimestamp the reading session's caching timestamp
   * @return true for an item cached before the transaction began; never for a lock
   */
  boolean isReadable(long txTimestamp);

  /**
   * Whether a value of {@code newVersion}, loaded by a transaction that began at
   * {@code txTimestamp}, may replace this.
   *
   * @param txTimestamp the loading session's caching timestamp
   * @param newVersion the loaded value's version, or null for unversioned data
   * @param order how versions compare
   * @return true if the loaded value is not older than what this holds or protects
   */
  boolean isWriteable(long txTimestamp, Object newVersion, VersionOrder order);

  /**
   * Locks this for one more transaction.
   *
   * @param timeout when the lock expires, as a region timestamp
   * @param handle the new lock's handle, if this is not already a lock
   * @return the lock that replaces this
   */
  Lock lock(long timeout, LockHandle handle);
}
