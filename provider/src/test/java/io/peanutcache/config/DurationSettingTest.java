package io.peanutcache.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.peanutcache.InvalidSettingException;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationSettingTest {

  private static final String KEY = "peanutcache.rpc.timeout";

  @ParameterizedTest
  @CsvSource({
      "PT10M, 600000",
      "pt0.5s, 500",
      "P1D, 86400000",
      "500ms, 500",
      "10s, 10000",
      "10m, 600000",
      "2h, 7200000",
      "1d, 86400000",
      "10S, 10000",
      "250 ms, 250",
      "'  10s  ', 10000"})
  void readsIso8601AndNumbersWithAUnit(String value, long millis) {
    assertEquals(Duration.ofMillis(millis), DurationSetting.parse(KEY, value));
  }

  @Test
  void zeroIsAllowed() {
    assertEquals(Duration.ZERO, DurationSetting.parse(KEY, "0s"));
    assertEquals(Duration.ZERO, DurationSetting.parse(KEY, "PT0S"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"-5s", "-PT5S", "PT-5S"})
  void negativeDurationsAreInvalid(String value) {
    InvalidSettingException invalid =
        assertThrows(InvalidSettingException.class, () -> DurationSetting.parse(KEY, value));

    assertEquals("invalid setting peanutcache.rpc.timeout=" + value + ": allowed: a duration of"
        + " zero or more: ISO-8601 (PT10M) or a whole number with a unit ms, s, m, h or d (500ms,"
        + " 10s)", invalid.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   ", "10", "1.5s", "10w", "ten seconds", "s",
      "99999999999999999999s", "9999999999999999d"})
  void otherTextIsInvalid(String value) {
    InvalidSettingException invalid =
        assertThrows(InvalidSettingException.class, () -> DurationSetting.parse(KEY, value));

    assertEquals(KEY, invalid.getKey());
    assertEquals(value.trim(), invalid.getValue());
    assertEquals(DurationSetting.ALLOWED, invalid.getAllowed());
    assertEquals(Optional.empty(), invalid.getSource());
  }
}
