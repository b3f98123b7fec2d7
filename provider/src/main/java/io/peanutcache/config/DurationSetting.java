package io.peanutcache.config;

import io.peanutcache.InvalidSettingException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a duration setting, such as a cache's expiry or a node's RPC timeout.
 *
 * <p>A duration is written in ISO-8601 ({@code PT10M}, {@code PT0.5S}) or as a whole number
 * followed by a unit: {@code ms}, {@code s}, {@code m}, {@code h} or {@code d} ({@code 500ms},
 * {@code 10s}, {@code 2h}). Both forms are case-insensitive and the value is trimmed first.
 * Negative durations are invalid; zero is allowed, and a setting for which zero makes no sense
 * rejects it itself.
 */
public final class DurationSetting {

  /** What {@link #parse} accepts, as shown in error messages. */
  public static final String ALLOWED = "a duration of zero or more: ISO-8601 (PT10M) or a whole"
      + " number with a unit ms, s, m, h or d (500ms, 10s)";

  private static final Pattern NUMBER_WITH_UNIT =
      Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)", Pattern.CASE_INSENSITIVE);

  private DurationSetting() {}

  /**
   * Reads the duration {@code value} of the setting {@code key}.
   *
   * @param key the setting's key, for the error message
   * @param value the setting's value; surrounding whitespace is ignored
   * @return the duration, zero or more
   * @throws InvalidSettingException if the value is blank, negative, not in either form, or too
   *     large for a {@link Duration}; the exception names no source
   * @throws NullPointerException if {@code key} or {@code value} is null
   */
  public static Duration parse(String key, String value) {
    Objects.requireNonNull(key, "key");
    String trimmed = value.trim();
    Duration duration;
    try {
      duration = read(trimmed);
    } catch (DateTimeParseException | ArithmeticException | NumberFormatException e) {
      throw new InvalidSettingException(key, trimmed, ALLOWED, e);
    }
    if (duration.isNegative()) {
      throw new InvalidSettingException(key, trimmed, ALLOWED);
    }
    return duration;
  }

  private static Duration read(String text) {
    Matcher numberWithUnit = NUMBER_WITH_UNIT.matcher(text);
    if (!numberWithUnit.matches()) {
      return Duration.parse(text);
    }
    long amount = Long.parseLong(numberWithUnit.group(1));
    return switch (numberWithUnit.group(2).toLowerCase(Locale.ROOT)) {
      case "ms" -> Duration.ofMillis(amount);
      case "s" -> Duration.ofSeconds(amount);
      case "m" -> Duration.ofMinutes(amount);
      case "h" -> Duration.ofHours(amount);
      default -> Duration.ofDays(amount);
    };
  }
}
