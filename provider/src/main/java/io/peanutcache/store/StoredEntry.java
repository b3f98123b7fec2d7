package io.peanutcache.store;

/**
 * One entry of the store: the stored value and the time it expires at. Immutable: a change
 * replaces the entry inside the key's atomic {@code compute}.
 *
 * <p>An entry that never expires does not hold its expiry time: {@link #of} makes it an
 * {@link Eternal}, 8 bytes smaller than an {@link Expiring} one, which is what every entry of a
 * cache under JSR-107's default (eternal) expiry policy is. A store whose entries never expire
 * keeps no entry object at all: it holds the stored value itself and hands out a {@link Bare}
 * entry over it when asked (see {@link LocalStore}).
 *
 * <p>Code that checks whether an entry is still the one it read compares with
 * {@link #isSameEntry}, not {@code ==}: two {@link Bare} entries made over the same stored value
 * are the same entry.
 */
public abstract sealed class StoredEntry permits StoredEntry.Eternal, StoredEntry.Expiring {

  /** The expiry time of an entry that does not expire. */
  public static final long NEVER = Long.MAX_VALUE;

  private final Object value;

  private StoredEntry(Object value) {
    this.value = value;
  }

  /**
   * An entry.
   *
   * @param value the stored value: encoded bytes for store-by-value, the object itself for
   *     store-by-reference
   * @param expiresAt the {@link TimeSource} time at which the entry expires; {@link #NEVER} if it
   *     does not
   * @return the entry
   */
  public static StoredEntry of(Object value, long expiresAt) {
    return expiresAt == NEVER ? new Eternal(value) : new Expiring(value, expiresAt);
  }

  /**
   * The stored value.
   *
   * @return encoded bytes for store-by-value, the object itself for store-by-reference
   */
  public final Object value() {
    return value;
  }

  /**
   * The time the entry expires at.
   *
   * @return a {@link TimeSource} time, or {@link #NEVER}
   */
  public abstract long expiresAt();

  /**
   * Whether the entry has expired at {@code now}.
   *
   * @param now a {@link TimeSource} time
   * @return true once {@code now} has reached the expiry time
   */
  public final boolean isExpiredAt(long now) {
    return expiresAt() <= now;
  }

  /**
   * Whether {@code other} is this entry: the same object, or, for entries a store made over a value
   * it keeps bare, one made over the same stored value (the same instance). A store-by-value write
   * always stores an array of its own; a store-by-reference write of the instance already held
   * leaves an entry that is the same as before, which an eternal store, where reads neither move
   * nor expire entries, never needs to tell apart.
   *
   * @param other an entry, or null
   * @return true if {@code other} is this entry
   */
  public final boolean isSameEntry(StoredEntry other) {
    return this == other || (this instanceof Bare && other instanceof Bare && value == other.value);
  }

  /**
   * This entry with another expiry time and the same value (the same instance).
   *
   * @param newExpiresAt the new expiry time
   * @return the changed entry
   */
  public final StoredEntry withExpiresAt(long newExpiresAt) {
    return of(value, newExpiresAt);
  }

  @Override
  public final String toString() {
    return "StoredEntry[value=" + value + ", expiresAt=" + expiresAt() + "]";
  }

  /** An entry that never expires. */
  static sealed class Eternal extends StoredEntry permits Bare {

    private Eternal(Object value) {
      super(value);
    }

    @Override
    public long expiresAt() {
      return NEVER;
    }
  }

  /**
   * An entry that never expires, made by a store over the stored value it keeps without an entry
   * object; a new one each time the entry is read.
   */
  static final class Bare extends Eternal {

    Bare(Object value) {
      super(value);
    }
  }

  /** An entry that expires at a time it holds. */
  static final class Expiring extends StoredEntry {

    private final long expiresAt;

    private Expiring(Object value, long expiresAt) {
      super(value);
      this.expiresAt = expiresAt;
    }

    @Override
    public long expiresAt() {
      return expiresAt;
    }
  }
}
