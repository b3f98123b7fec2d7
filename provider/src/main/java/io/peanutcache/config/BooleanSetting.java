package io.peanutcache.config;

import io.peanutcache.InvalidSettingException;

/** Reads a setting that is either {@code true} or {@code false}, in any case. */
final class BooleanSetting {

  static final String ALLOWED = "true or false";

  private BooleanSetting() {}

  /**
   * Reads {@code value}, already trimmed.
   *
   * @throws InvalidSettingException if the value is anything but {@code true} or {@code false};
   *     {@code yes}, {@code 1} and blank are rejected rather than read as false
   */
  static boolean parse(String key, String value) {
    if (value.equalsIgnoreCase("true")) {
      return true;
    }
    if (value.equalsIgnoreCase("false")) {
      return false;
    }
    throw new InvalidSettingException(key, value, ALLOWED);
  }
}
