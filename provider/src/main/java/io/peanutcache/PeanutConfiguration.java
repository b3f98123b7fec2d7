package io.peanutcache;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
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
 * <p>In a cluster, {@link #setHotCache} lets each node keep a bounded local copy of popular
 * entries that other nodes own (groupcache's hot cache); see that method for what it guarantees.
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
  /** The hot cache's bound; 0 when the hot cache is off (also what older serialized forms read as). */
  private long hotCacheMaximumEntries;
  private long hotCacheMaximumAgeNanos;

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
      this.hotCacheMaximumEntries = other.hotCacheMaximumEntries;
      this.hotCacheMaximumAgeNanos = other.hotCacheMaximumAgeNanos;
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

  /**
   * Turns the hot cache on: in a cluster, every node keeps a local copy of up to
   * {@code maximumEntries} popular entries that other nodes own, and answers a {@code get} of such
   * a key from its copy instead of asking the owner.
   *
   * <p>What a copy guarantees: every change on the owner (a write, removal, entry processor, load,
   * clear, expiry or eviction) is sent to the other nodes within milliseconds and removes their
   * copies of the key; a node that misses some of those messages notices it, at the latest with
   * the owner's next heartbeat, and drops every copy it can no longer trust; a copy is never
   * served after the entry expires on the owner, nor later than {@code maximumAge} after it was
   * fetched, whatever was lost. So a copy can be behind the owner by a few milliseconds normally,
   * and by at most {@code maximumAge} when messages are lost. A membership change drops the copies
   * of the partitions that moved.
   *
   * <p>Only {@code get} uses copies, and a hit on a copy counts as a hit in the statistics of the
   * handle. A hit on a copy does not reach the owner, so it cannot apply an access expiry: with an
   * expiry policy other than JSR-107's eternal, created or modified policies (whose expiry does
   * not change on access), the setting is accepted and the hot cache stays empty. It has no effect
   * on an embedded (single-node) cache nor on a store-by-reference one, which stays on one node.
   *
   * @param maximumEntries how many copies a node keeps at most, at least 1
   * @param maximumAge how long after it was fetched a copy may be served at most, above zero
   * @return this configuration
   * @throws IllegalArgumentException if the bound is below 1 or the age is not above zero
   * @throws NullPointerException if {@code maximumAge} is null
   */
  public PeanutConfiguration<K, V> setHotCache(long maximumEntries, Duration maximumAge) {
    Objects.requireNonNull(maximumAge, "hotCache maximumAge must not be null; allowed: a duration above zero");
    if (maximumEntries < 1) {
      throw new IllegalArgumentException("hotCache maximumEntries is " + maximumEntries
          + "; allowed: a whole number of at least 1");
    }
    if (maximumAge.isZero() || maximumAge.isNegative()) {
      throw new IllegalArgumentException("hotCache maximumAge is " + maximumAge
          + "; allowed: a duration above zero");
    }
    long nanos;
    try {
      nanos = maximumAge.toNanos();
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException("hotCache maximumAge is " + maximumAge
          + "; allowed: a duration above zero and below 292 years", e);
    }
    this.hotCacheMaximumEntries = maximumEntries;
    this.hotCacheMaximumAgeNanos = nanos;
    return this;
  }

  /**
   * Turns the hot cache off, the default.
   *
   * @return this configuration
   */
  public PeanutConfiguration<K, V> disableHotCache() {
    this.hotCacheMaximumEntries = 0;
    this.hotCacheMaximumAgeNanos = 0;
    return this;
  }

  /**
   * Whether the hot cache is on.
   *
   * @return true after {@link #setHotCache}
   */
  public boolean isHotCacheEnabled() {
    return hotCacheMaximumEntries > 0;
  }

  /**
   * The hot cache's bound on copies per node.
   *
   * @return the bound, or empty when the hot cache is off
   */
  public OptionalLong getHotCacheMaximumEntries() {
    return isHotCacheEnabled() ? OptionalLong.of(hotCacheMaximumEntries) : OptionalLong.empty();
  }

  /**
   * How long after it was fetched a hot copy may be served at most.
   *
   * @return the maximum age, or empty when the hot cache is off
   */
  public Optional<Duration> getHotCacheMaximumAge() {
    return isHotCacheEnabled() ? Optional.of(Duration.ofNanos(hotCacheMaximumAgeNanos)) : Optional.empty();
  }

  @Override
  public boolean equals(Object other) {
    if (this == other) {
      return true;
    }
    if (!(other instanceof PeanutConfiguration<?, ?> that) || !super.equals(other)) {
      return false;
    }
    return maximumEntries == that.maximumEntries && maximumBytes == that.maximumBytes
        && hotCacheMaximumEntries == that.hotCacheMaximumEntries
        && hotCacheMaximumAgeNanos == that.hotCacheMaximumAgeNanos;
  }

  @Override
  public int hashCode() {
    return Objects.hash(super.hashCode(), maximumEntries, maximumBytes, hotCacheMaximumEntries,
        hotCacheMaximumAgeNanos);
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
        + ", maximumBytes=" + (maximumBytes == UNBOUNDED ? "none" : maximumBytes)
        + ", hotCache=" + (isHotCacheEnabled()
            ? hotCacheMaximumEntries + " entries, maximumAge " + Duration.ofNanos(hotCacheMaximumAgeNanos)
            : "off") + "}";
  }
}
