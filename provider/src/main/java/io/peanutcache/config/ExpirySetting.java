package io.peanutcache.config;

import io.peanutcache.InvalidSettingException;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import javax.cache.configuration.Factory;
import javax.cache.expiry.AccessedExpiryPolicy;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import javax.cache.expiry.EternalExpiryPolicy;
import javax.cache.expiry.ExpiryPolicy;
import javax.cache.expiry.ModifiedExpiryPolicy;
import javax.cache.expiry.TouchedExpiryPolicy;

/**
 * Reads a cache's expiry: {@code eternal}, or a kind ({@code created}, {@code accessed},
 * {@code modified} or {@code touched}, in any case) and a {@linkplain DurationSetting duration}
 * separated by whitespace, such as {@code accessed 10m}. JSR-107 counts expiry in whole
 * milliseconds, so a finer duration is rejected rather than rounded.
 */
final class ExpirySetting {

  static final String ALLOWED = "eternal, or created, accessed, modified or touched followed by"
      + " a whole number of milliseconds, zero or more: ISO-8601 (PT10M) or a whole number with a"
      + " unit ms, s, m, h or d (500ms, 10s)";

  /** Units from coarsest to finest, to write a duration with the coarsest unit that is exact. */
  private static final TimeUnit[] UNITS = {
      TimeUnit.DAYS, TimeUnit.HOURS, TimeUnit.MINUTES, TimeUnit.SECONDS, TimeUnit.MILLISECONDS};

  private ExpirySetting() {}

  /**
   * Reads {@code value}, already trimmed, into a factory of the expiry policy it names.
   *
   * @throws InvalidSettingException if the kind is unknown, the duration is missing, invalid,
   *     negative or finer than a millisecond
   */
  static Factory<ExpiryPolicy> parse(String key, String value) {
    if (value.equalsIgnoreCase("eternal")) {
      return EternalExpiryPolicy.factoryOf();
    }
    String[] kindAndDuration = value.split("\\s+", 2);
    if (kindAndDuration.length < 2) {
      throw new InvalidSettingException(key, value, ALLOWED);
    }
    Duration duration = duration(key, value, kindAndDuration[1]);
    return switch (kindAndDuration[0].toLowerCase(Locale.ROOT)) {
      case "created" -> CreatedExpiryPolicy.factoryOf(duration);
      case "accessed" -> AccessedExpiryPolicy.factoryOf(duration);
      case "modified" -> ModifiedExpiryPolicy.factoryOf(duration);
      case "touched" -> TouchedExpiryPolicy.factoryOf(duration);
      default -> throw new InvalidSettingException(key, value, ALLOWED);
    };
  }

  private static Duration duration(String key, String value, String text) {
    long millis = millis(key, value, text);
    if (millis == 0) {
      return Duration.ZERO;
    }
    for (TimeUnit unit : UNITS) {
      long millisPerUnit = unit.toMillis(1);
      if (millis % millisPerUnit == 0) {
        return new Duration(unit, millis / millisPerUnit);
      }
    }
    throw new AssertionError("every whole number of milliseconds is exact in milliseconds");
  }

  private static long millis(String key, String value, String text) {
    java.time.Duration duration;
    try {
      duration = DurationSetting.parse(key, text);
    } catch (InvalidSettingException invalid) {
      throw new InvalidSettingException(key, value, ALLOWED, invalid);
    }
    if (duration.getNano() % 1_000_000 != 0) {
      throw new InvalidSettingException(key, value, ALLOWED);
    }
    try {
      return duration.toMillis();
    } catch (ArithmeticException tooLong) {
      throw new InvalidSettingException(key, value, ALLOWED, tooLong);
    }
  }
}
