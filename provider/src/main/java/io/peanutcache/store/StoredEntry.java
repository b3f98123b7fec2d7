package io.peanutcache.store;

/**
 * One entry of the store: the stored value, the time it expires at and its version. Immutable: a
 * change replaces the entry inside the key's atomic {@code compute}.
 *
 * @param value the stored value: encoded bytes for store-by-value, the object itself for
 *     store-by-reference
 * @param expiresAt the {@link TimeSource} time at which the entry expires; {@link #NEVER} if it
 *     does not
 * @param version a number that changes whenever the entry's value changes, so a writer can detect
 *     that an entry it read was replaced since
 */
public record StoredEntry(Object value, long expiresAt, long version) {

  /** The expiry time of an entry that does not expire. */
  public static final long NEVER = Long.MAX_VALUE;

  /**
   * Whether the entry has expired at {@code now}.
   *
   * @param now a {@link TimeSource} time
   * @return true once {@code now} has reached the expiry time
   */
  public boolean isExpiredAt(long now) {
    return expiresAt <= now;
  }

  /**
   * This entry with another expiry time and the same value and version.
   *
   * @param newExpiresAt the new expiry time
   * @return the changed entry
   */
  public StoredEntry withExpiresAt(long newExpiresAt) {
    return new StoredEntry(value, newExpiresAt, version);
  }
}
