package io.peanutcache.config;

import io.peanutcache.InvalidSettingException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a setting that is a number of bytes, such as a cache's byte bound: a whole number of at
 * least 1 with an optional unit, {@code B}, {@code KB}, {@code MB}, {@code GB} (powers of 1000) or
 * {@code KiB}, {@code MiB}, {@code GiB} (powers of 1024), in any case.
 */
public final class ByteSizeSetting {

  public static final String ALLOWED = "a whole number of at least 1, optionally followed by a unit"
      + " B, KB, MB, GB (1000-based) or KiB, MiB, GiB (1024-based)";

  private static final Pattern NUMBER_WITH_UNIT =
      Pattern.compile("(\\d+)\\s*([a-z]*)", Pattern.CASE_INSENSITIVE);

  private ByteSizeSetting() {}

  /**
   * Reads {@code value}, already trimmed.
   *
   * @throws InvalidSettingException if the value is not a number with a known unit, is below 1
   *     byte or is more bytes than a {@code long} holds
   */
  public static long parse(String key, String value) {
    Matcher numberWithUnit = NUMBER_WITH_UNIT.matcher(value);
    if (!numberWithUnit.matches()) {
      throw new InvalidSettingException(key, value, ALLOWED);
    }
    long unit = switch (numberWithUnit.group(2).toLowerCase(Locale.ROOT)) {
      case "", "b" -> 1L;
      case "kb" -> 1_000L;
      case "mb" -> 1_000_000L;
      case "gb" -> 1_000_000_000L;
      case "kib" -> 1L << 10;
      case "mib" -> 1L << 20;
      case "gib" -> 1L << 30;
      default -> throw new InvalidSettingException(key, value, ALLOWED);
    };
    long bytes;
    try {
      bytes = Math.multiplyExact(Long.parseLong(numberWithUnit.group(1)), unit);
    } catch (NumberFormatException | ArithmeticException tooLarge) {
      throw new InvalidSettingException(key, value, ALLOWED, tooLarge);
    }
    if (bytes < 1) {
      throw new InvalidSettingException(key, value, ALLOWED);
    }
    return bytes;
  }
}
