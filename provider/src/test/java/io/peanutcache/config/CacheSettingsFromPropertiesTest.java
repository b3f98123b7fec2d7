package io.peanutcache.config;

import static io.peanutcache.config.TestSettingsFiles.classLoader;
import static io.peanutcache.config.TestSettingsFiles.load;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.peanutcache.InvalidSettingException;
import io.peanutcache.PeanutConfiguration;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Per-cache settings given as {@code Properties}, laid over those of the settings file. */
class CacheSettingsFromPropertiesTest {

  @TempDir
  Path directory;

  private static Properties properties(String... keysAndValues) {
    Properties properties = new Properties();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      properties.setProperty(keysAndValues[i], keysAndValues[i + 1]);
    }
    return properties;
  }

  @Test
  void declaresCachesWithoutAFile() {
    SettingsFile settings = SettingsFile.empty().withCacheSettings(properties(
        "peanutcache.cache.books.maximum-entries", "50",
        "peanutcache.cache.books.statistics", "true",
        "peanutcache.bind", "127.0.0.1:7000"), classLoader());

    PeanutConfiguration<Object, Object> books = settings.cacheConfiguration("books").orElseThrow();
    assertEquals(OptionalLong.of(50), books.getMaximumEntries());
    assertTrue(books.isStatisticsEnabled());
    assertEquals(Set.of("books"), settings.cacheNames());
    assertTrue(settings.nodeSettings().isEmpty(), "node settings are not the properties' business here");
  }

  @Test
  void aSettingGivenThereReplacesTheFilesAndTheOthersStay() {
    SettingsFile file = load(directory,
        "peanutcache.cache.books.maximum-entries=10",
        "peanutcache.cache.books.statistics=true",
        "peanutcache.cache.films.maximum-entries=7");

    SettingsFile settings = file.withCacheSettings(properties(
        "peanutcache.cache.books.maximum-bytes", "1MiB",
        "peanutcache.cache.books.read-through", "false"), classLoader());

    PeanutConfiguration<Object, Object> books = settings.cacheConfiguration("books").orElseThrow();
    assertEquals(OptionalLong.of(1 << 20), books.getMaximumBytes(), "a bound replaces either bound");
    assertEquals(OptionalLong.empty(), books.getMaximumEntries());
    assertTrue(books.isStatisticsEnabled(), "what the properties leave out stays the file's");
    assertFalse(books.isReadThrough());
    assertEquals(OptionalLong.of(7),
        settings.cacheConfiguration("films").orElseThrow().getMaximumEntries());
    assertEquals(file.source(), settings.source());
  }

  @Test
  void withoutCacheSettingsTheFileIsKept() {
    SettingsFile file = load(directory, "peanutcache.cache.books.maximum-entries=10");

    assertSame(file, file.withCacheSettings(properties("peanutcache.peers", ""), classLoader()));
  }

  @Test
  void aWrongValueIsRejectedNamingTheKeyAndNoFile() {
    InvalidSettingException invalid = assertThrows(InvalidSettingException.class,
        () -> SettingsFile.empty().withCacheSettings(
            properties("peanutcache.cache.books.maximum-entries", "lots"), classLoader()));

    assertEquals("invalid setting peanutcache.cache.books.maximum-entries=lots: allowed: a whole"
        + " number of at least 1", invalid.getMessage());
    assertEquals(Optional.empty(), invalid.getSource());
  }

  @Test
  void bothBoundsGivenThereAreRejected() {
    InvalidSettingException invalid = assertThrows(InvalidSettingException.class,
        () -> SettingsFile.empty().withCacheSettings(properties(
            "peanutcache.cache.books.maximum-entries", "5",
            "peanutcache.cache.books.maximum-bytes", "5MB"), classLoader()));

    assertEquals("peanutcache.cache.books.maximum-bytes", invalid.getKey());
  }
}
