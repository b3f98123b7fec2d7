package io.peanutcache;

import java.util.Objects;
import java.util.OptionalLong;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.configuration.MutableConfiguration;

/**
 * A {@link MutableConfiguration} with PeanutCache's extras: a bound on the number of entries or on
 * the bytes they occupy (groupcache's {@code cacheBytes}).
 *
 * <p>Without a bound a cache grows until entries are removed or expire. A bound evicts the entries
 * least likely to be used again; eviction is not expiry and produces no event, as JSR-107 says. A
 * byte bound weighs each entry by its encoded key and value, so it needs store-by-value. At most one
 * of the two bounds may be set.
 *
 * @param <K> the type of keys
 * @param <V> the type of values
 */
public class PeanutConfiguration<K, V> extends MutableConfiguration<K, V> {

  private static final long serialVersionUID = 1L;

  /** The value of a bound that is not set. */
  private static final long UNBOUNDED = -1;

  private long maximumEntries = UNBOUNDED;
  private long maximumBytes = UNBOUNDED;

  /** A configuration with JSR-107's defaults and no bound. */
  public PeanutConfiguration() {}

  /**
   * A copy of {@code configuration}, including PeanutCache's extras when it is a
   * {@code PeanutConfiguration}.
   *
   * @param configuration the configuration to copy
   */
  public PeanutConfiguration(CompleteConfiguration<K, V> configuration) {
    super(configuration);
    if (configuration instanceof PeanutConfiguration<K, V> other) {
      this.maximumEntries = other.maximumEntries;
      this.maximumBytes = other.maximumBytes;
    }
  }

  /**
   * Bounds the cache to at most {@code maximumEntries} entries.
   *
   * @param maximumEntries the bound, at least 1
   * @return this configuration
   * @throws IllegalArgumentException if the bound is below 1, or a byte bound is already set
   */
  public PeanutConfiguration<K, V> setMaximumEntries(long maximumEntries) {
    if (maximumEntries < 1) {
      throw new IllegalArgumentException(
          "maximumEntries is " + maximumEntries + "; allowed: a whole number of at least 1");
    }
    if (maximumBytes != UNBOUNDED) {
      throw new IllegalArgumentException("maximumEntries (" + maximumEntries
          + ") cannot be set with maximumBytes (" + maximumBytes + "); allowed: one bound or none");
    }
    this.maximumEntries = maximumEntries;
    return this;
  }

  /**
   * The bound on the number of entries.
   *
   * @return the bound, or empty when the number of entries is not bounded
   */
  public OptionalLong getMaximumEntries() {
    return maximumEntries == UNBOUNDED ? OptionalLong.empty() : OptionalLong.of(maximumEntries);
  }

  /**
   * Bounds the cache to entries whose encoded keys and values take at most {@code maximumBytes}.
   *
   * @param maximumBytes the bound, at least 1
   * @return this configuration
   * @throws IllegalArgumentException if the bound is below 1, or an entry bound is already set
   */
  public PeanutConfiguration<K, V> setMaximumBytes(long maximumBytes) {
    if (maximumBytes < 1) {
      throw new IllegalArgumentException(
          "maximumBytes is " + maximumBytes + "; allowed: a whole number of at least 1");
    }
    if (maximumEntries != UNBOUNDED) {
      throw new IllegalArgumentException("maximumBytes (" + maximumBytes
          + ") cannot be set with maximumEntries (" + maximumEntries + "); allowed: one bound or none");
    }
    this.maximumBytes = maximumBytes;
    return this;
  }

  /**
   * The bound on the bytes taken by encoded keys and values.
   *
   * @return the bound, or empty when the cache is not bounded by bytes
   */
  public OptionalLong getMaximumBytes() {
    return maximumBytes == UNBOUNDED ? OptionalLong.empty() : OptionalLong.of(maximumBytes);
  }

  /** Removes both bounds. */
  public PeanutConfiguration<K, V> setUnbounded() {
    this.maximumEntries = UNBOUNDED;
    this.maximumBytes = UNBOUNDED;
    return this;
  }

  @Override
  public boolean equals(Object other) {
    if (this == other) {
      return true;
    }
    if (!(other instanceof PeanutConfiguration<?, ?> that) || !super.equals(other)) {
      return false;
    }
    return maximumEntries == that.maximumEntries && maximumBytes == that.maximumBytes;
  }

  @Override
  public int hashCode() {
    return Objects.hash(super.hashCode(), maximumEntries, maximumBytes);
  }

  /** A factory as its own toString shows it, which tells two different factories apart. */
  private static String describe(Object factory) {
    return factory == null ? "none" : factory.toString();
  }

  private int listenerCount() {
    int count = 0;
    for (Object ignored : getCacheEntryListenerConfigurations()) {
      count++;
    }
    return count;
  }

  @Override
  public String toString() {
    return "PeanutConfiguration{keyType=" + getKeyType().getName()
        + ", valueType=" + getValueType().getName()
        + ", storeByValue=" + isStoreByValue()
        + ", readThrough=" + isReadThrough()
        + ", writeThrough=" + isWriteThrough()
        + ", loader=" + describe(getCacheLoaderFactory())
        + ", writer=" + describe(getCacheWriterFactory())
        + ", expiry=" + describe(getExpiryPolicyFactory())
        + ", listeners=" + listenerCount()
        + ", statistics=" + isStatisticsEnabled()
        + ", management=" + isManagementEnabled()
        + ", maximumEntries=" + (maximumEntries == UNBOUNDED ? "none" : maximumEntries)
        + ", maximumBytes=" + (maximumBytes == UNBOUNDED ? "none" : maximumBytes) + "}";
  }
}
