package io.peanutcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The hot-cache setting of {@link PeanutConfiguration}: its checks, copies and equality. */
class HotCacheConfigurationTest {

  @Test
  void isOffByDefault() {
    PeanutConfiguration<String, String> configuration = new PeanutConfiguration<>();
    assertFalse(configuration.isHotCacheEnabled());
    assertEquals(OptionalLong.empty(), configuration.getHotCacheMaximumEntries());
    assertEquals(Optional.empty(), configuration.getHotCacheMaximumAge());
    assertTrue(configuration.toString().contains("hotCache=off"), configuration.toString());
  }

  @Test
  void keepsItsBoundAndMaximumAge() {
    PeanutConfiguration<String, String> configuration = new PeanutConfiguration<String, String>()
        .setHotCache(500, Duration.ofMillis(250));
    assertTrue(configuration.isHotCacheEnabled());
    assertEquals(OptionalLong.of(500), configuration.getHotCacheMaximumEntries());
    assertEquals(Optional.of(Duration.ofMillis(250)), configuration.getHotCacheMaximumAge());
    assertFalse(configuration.disableHotCache().isHotCacheEnabled());
  }

  @Test
  void aBoundBelowOneIsRefusedNamingTheSettingAndWhatIsAllowed() {
    IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class,
        () -> new PeanutConfiguration<String, String>().setHotCache(0, Duration.ofSeconds(1)));
    assertEquals("hotCache maximumEntries is 0; allowed: a whole number of at least 1", thrown.getMessage());
  }

  @Test
  void aMaximumAgeThatIsNotAboveZeroIsRefused() {
    IllegalArgumentException zero = assertThrows(IllegalArgumentException.class,
        () -> new PeanutConfiguration<String, String>().setHotCache(10, Duration.ZERO));
    assertEquals("hotCache maximumAge is PT0S; allowed: a duration above zero", zero.getMessage());
    IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
        () -> new PeanutConfiguration<String, String>().setHotCache(10, Duration.ofMillis(-5)));
    assertEquals("hotCache maximumAge is PT-0.005S; allowed: a duration above zero", negative.getMessage());
    NullPointerException missing = assertThrows(NullPointerException.class,
        () -> new PeanutConfiguration<String, String>().setHotCache(10, null));
    assertTrue(missing.getMessage().contains("hotCache maximumAge"), missing.getMessage());
  }

  @Test
  void aRefusedSettingLeavesTheConfigurationAsItWas() {
    PeanutConfiguration<String, String> configuration = new PeanutConfiguration<String, String>()
        .setHotCache(10, Duration.ofSeconds(1));
    assertThrows(IllegalArgumentException.class, () -> configuration.setHotCache(-1, Duration.ofSeconds(2)));
    assertEquals(OptionalLong.of(10), configuration.getHotCacheMaximumEntries());
    assertEquals(Optional.of(Duration.ofSeconds(1)), configuration.getHotCacheMaximumAge());
  }

  @Test
  void takesPartInEqualityAndCopies() {
    PeanutConfiguration<String, String> hot = new PeanutConfiguration<String, String>()
        .setHotCache(10, Duration.ofSeconds(1));
    PeanutConfiguration<String, String> copy = new PeanutConfiguration<>(hot);
    assertEquals(hot, copy);
    assertEquals(hot.hashCode(), copy.hashCode());
    assertNotEquals(hot, new PeanutConfiguration<String, String>());
    assertNotEquals(hot, new PeanutConfiguration<String, String>().setHotCache(10, Duration.ofSeconds(2)));
    assertTrue(hot.toString().contains("hotCache=10 entries, maximumAge PT1S"), hot.toString());
  }
}
