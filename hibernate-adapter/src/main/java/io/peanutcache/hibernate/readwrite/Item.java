package io.peanutcache.hibernate.readwrite;

import java.io.Serial;

/**
 * A cached value with its version and the timestamp at which the transaction that loaded or wrote
 * it began.
 *
 * @param value Hibernate's cache entry
 * @param version the entity's version, or null for unversioned data
 * @param timestamp when the transaction that cached it began
 */
public record Item(Object value, Object version, long timestamp) implements Lockable {

  @Serial
  private static final long serialVersionUID = 1L;

  /** Readable by a transaction that began after the value was cached. */
  @Override
  public boolean isReadable(long txTimestamp) {
    return txTimestamp > timestamp;
  }

  /** Replaceable only by a newer version: unversioned data is never replaced by a load. */
  @Override
  public boolean isWriteable(long txTimestamp, Object newVersion, VersionOrder order) {
    return version != null && order.isOlder(version, newVersion);
  }

  @Override
  public Lock lock(long timeout, LockHandle handle) {
    return Lock.first(handle, version, timeout);
  }
}
