package io.peanutcache.config;

import io.peanutcache.InvalidSettingException;
import java.util.regex.Pattern;

/** Reads a setting that is a whole number of at least 1, such as a cache's entry bound. */
final class WholeNumberSetting {

  static final String ALLOWED = "a whole number of at least 1";

  private static final Pattern DIGITS = Pattern.compile("\\d+");

  private WholeNumberSetting() {}

  /**
   * Reads {@code value}, already trimmed.
   *
   * @throws InvalidSettingException if the value is not made of digits only, is below 1 or does
   *     not fit in a {@code long}
   */
  static long parse(String key, String value) {
    if (!DIGITS.matcher(value).matches()) {
      throw new InvalidSettingException(key, value, ALLOWED);
    }
    long number;
    try {
      number = Long.parseLong(value);
    } catch (NumberFormatException tooLarge) {
      throw new InvalidSettingException(key, value, ALLOWED, tooLarge);
    }
    if (number < 1) {
      throw new InvalidSettingException(key, value, ALLOWED);
    }
    return number;
  }
}
