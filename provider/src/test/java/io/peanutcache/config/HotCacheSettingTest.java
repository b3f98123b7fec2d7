package io.peanutcache.config;

import static io.peanutcache.config.TestSettingsFiles.load;
import static io.peanutcache.config.TestSettingsFiles.loadFails;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.peanutcache.InvalidSettingException;
import io.peanutcache.PeanutConfiguration;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The per-cache {@code hot-cache} setting: a bound of copies and their maximum age. */
class HotCacheSettingTest {

  @TempDir
  Path directory;

  @Test
  void readsTheBoundAndTheMaximumAge() {
    PeanutConfiguration<Object, Object> scores =
        load(directory, "peanutcache.cache.scores.hot-cache=10000 5s")
            .cacheConfiguration("scores").orElseThrow();

    assertEquals(OptionalLong.of(10_000), scores.getHotCacheMaximumEntries());
    assertEquals(Optional.of(Duration.ofSeconds(5)), scores.getHotCacheMaximumAge());
  }

  @Test
  void readsAnIsoDurationAndExtraSpaces() {
    PeanutConfiguration<Object, Object> scores =
        load(directory, "peanutcache.cache.scores.hot-cache=  20 \t PT0.5S ")
            .cacheConfiguration("scores").orElseThrow();

    assertEquals(OptionalLong.of(20), scores.getHotCacheMaximumEntries());
    assertEquals(Optional.of(Duration.ofMillis(500)), scores.getHotCacheMaximumAge());
  }

  @Test
  void isOffUnlessDeclared() {
    PeanutConfiguration<Object, Object> scores =
        load(directory, "peanutcache.cache.scores.maximum-entries=5")
            .cacheConfiguration("scores").orElseThrow();

    assertEquals(OptionalLong.empty(), scores.getHotCacheMaximumEntries());
  }

  @ParameterizedTest
  @ValueSource(strings = {"10000", "5s", "0 5s", "10 0s", "-1 5s", "10 -5s", "ten 5s", "10 5 s",
      "10 5s extra", "10 999999999d", ""})
  void anythingButABoundAndAnAgeAboveZeroIsRejected(String value) {
    InvalidSettingException invalid =
        loadFails(directory, "peanutcache.cache.scores.hot-cache=" + value);

    assertEquals("peanutcache.cache.scores.hot-cache", invalid.getKey());
    assertEquals(value, invalid.getValue());
    assertEquals(HotCacheSetting.ALLOWED, invalid.getAllowed());
  }
}
