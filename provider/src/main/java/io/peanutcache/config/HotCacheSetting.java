package io.peanutcache.config;

import io.peanutcache.InvalidSettingException;
import java.time.Duration;

/**
 * Reads a cache's hot cache: the most copies of others' entries a node keeps and how long a copy
 * may be served, separated by whitespace, such as {@code 10000 5s} (see
 * {@link io.peanutcache.PeanutConfiguration#setHotCache}).
 */
final class HotCacheSetting {

  static final String ALLOWED = "a whole number of entries of at least 1 and a duration above"
      + " zero, separated by a space: 10000 5s (durations in ISO-8601, PT5S, or a whole number with"
      + " a unit ms, s, m, h or d)";

  /** The longest age a {@code long} of nanoseconds holds, as {@code setHotCache} needs it. */
  private static final Duration LONGEST_AGE = Duration.ofNanos(Long.MAX_VALUE);

  /**
   * A hot cache as declared.
   *
   * @param maximumEntries how many copies a node keeps at most
   * @param maximumAge how long a copy may be served at most
   */
  record HotCache(long maximumEntries, Duration maximumAge) {}

  private HotCacheSetting() {}

  /**
   * Reads {@code value}, already trimmed.
   *
   * @throws InvalidSettingException if the value is not two parts, the first not a whole number of
   *     at least 1 or the second not a duration above zero that fits in nanoseconds
   */
  static HotCache parse(String key, String value) {
    String[] entriesAndAge = value.split("\\s+");
    if (entriesAndAge.length != 2) {
      throw new InvalidSettingException(key, value, ALLOWED);
    }
    long entries;
    Duration age;
    try {
      entries = WholeNumberSetting.parse(key, entriesAndAge[0]);
      age = DurationSetting.parse(key, entriesAndAge[1]);
    } catch (InvalidSettingException invalid) {
      throw new InvalidSettingException(key, value, ALLOWED, invalid);
    }
    if (age.isZero() || age.compareTo(LONGEST_AGE) > 0) {
      throw new InvalidSettingException(key, value, ALLOWED);
    }
    return new HotCache(entries, age);
  }
}
