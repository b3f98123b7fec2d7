package io.peanutcache.config;

import static io.peanutcache.config.TestSettingsFiles.classLoader;
import static io.peanutcache.config.TestSettingsFiles.load;
import static io.peanutcache.config.TestSettingsFiles.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.peanutcache.PeanutConfiguration;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SettingsFileLoadingTest {

  @TempDir
  Path directory;

  @Test
  void loadsCachesFromAFileUri() {
    URI uri = write(directory,
        "peanutcache.cache.scores.maximum-entries=500",
        "peanutcache.cache.scores.statistics=true");

    SettingsFile settings = SettingsFile.load(uri, classLoader());

    assertEquals(Set.of("scores"), settings.cacheNames());
    PeanutConfiguration<Object, Object> scores =
        settings.cacheConfiguration("scores").orElseThrow();
    assertEquals(OptionalLong.of(500), scores.getMaximumEntries());
    assertTrue(scores.isStatisticsEnabled());
    assertEquals(Optional.of(uri), settings.source());
  }

  @Test
  void loadsCachesFromAClasspathResource() {
    URI uri = URI.create("classpath:peanutcache-test.properties");

    SettingsFile settings = SettingsFile.load(uri, classLoader());

    assertEquals(Set.of("com.example.users", "scores"), settings.cacheNames());
    PeanutConfiguration<Object, Object> scores =
        settings.cacheConfiguration("scores").orElseThrow();
    assertEquals(String.class, scores.getKeyType());
    assertEquals(Long.class, scores.getValueType());
    assertEquals(OptionalLong.of(1000), scores.getMaximumEntries());
    assertTrue(settings.cacheConfiguration("com.example.users").orElseThrow().isReadThrough());
    assertEquals(Optional.of(uri), settings.source());
  }

  @Test
  void classpathResourceNameMayStartWithASlash() {
    SettingsFile settings =
        SettingsFile.load(URI.create("classpath:/peanutcache-test.properties"), classLoader());

    assertEquals(Set.of("com.example.users", "scores"), settings.cacheNames());
  }

  @Test
  void cacheNameMayContainDotsAndEndsAtTheLastDot() {
    SettingsFile settings = load(directory,
        "peanutcache.cache.com.example.users.statistics=true",
        "peanutcache.cache.audit.statistics.statistics=true");

    assertEquals(Set.of("audit.statistics", "com.example.users"), settings.cacheNames());
    assertTrue(
        settings.cacheConfiguration("com.example.users").orElseThrow().isStatisticsEnabled());
    assertTrue(settings.cacheConfiguration("audit.statistics").orElseThrow().isStatisticsEnabled());
  }

  @Test
  void passesNodeSettingsThroughUnchanged() {
    SettingsFile settings = load(directory,
        "peanutcache.bind=0.0.0.0:7070",
        "peanutcache.peers=10.0.0.1:7070, 10.0.0.2:7070   ",
        "peanutcache.node.name=node-a",
        "peanutcache.rpc.timeout=not checked here",
        "peanutcache.cache=not a cache setting",
        "peanutcache.cache.scores.statistics=true");

    Properties expected = new Properties();
    expected.setProperty("peanutcache.bind", "0.0.0.0:7070");
    expected.setProperty("peanutcache.peers", "10.0.0.1:7070, 10.0.0.2:7070   ");
    expected.setProperty("peanutcache.node.name", "node-a");
    expected.setProperty("peanutcache.rpc.timeout", "not checked here");
    expected.setProperty("peanutcache.cache", "not a cache setting");
    assertEquals(expected, settings.nodeSettings());
  }

  @Test
  void nodeSettingsAreACopyTheCallerMayChange() {
    SettingsFile settings = load(directory, "peanutcache.bind=0.0.0.0:7070");

    settings.nodeSettings().setProperty("peanutcache.bind", "changed");

    assertEquals("0.0.0.0:7070", settings.nodeSettings().getProperty("peanutcache.bind"));
  }

  @Test
  void cacheConfigurationIsANewCopyOnEachCall() {
    SettingsFile settings = load(directory, "peanutcache.cache.scores.statistics=true");

    PeanutConfiguration<Object, Object> first =
        settings.cacheConfiguration("scores").orElseThrow();
    first.setStatisticsEnabled(false);
    PeanutConfiguration<Object, Object> second =
        settings.cacheConfiguration("scores").orElseThrow();

    assertNotSame(first, second);
    assertTrue(second.isStatisticsEnabled());
  }

  @Test
  void undeclaredCacheHasNoConfiguration() {
    SettingsFile settings = load(directory, "peanutcache.cache.scores.statistics=true");

    assertEquals(Optional.empty(), settings.cacheConfiguration("users"));
  }

  @Test
  void undeclaredSettingsKeepJsr107Defaults() {
    SettingsFile settings = load(directory, "peanutcache.cache.scores.statistics=true");

    PeanutConfiguration<Object, Object> expected = new PeanutConfiguration<>();
    expected.setStatisticsEnabled(true);
    assertEquals(expected, settings.cacheConfiguration("scores").orElseThrow());
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "urn:x",
      "MyManager",
      "http://example.com/",
      "urn:peanutcache:default",
      "jar:file:/app.jar!/peanutcache.yaml"})
  void uriNamingNoFileGivesEmptySettings(String uri) {
    SettingsFile settings = SettingsFile.load(URI.create(uri), classLoader());

    assertTrue(settings.cacheNames().isEmpty());
    assertTrue(settings.nodeSettings().isEmpty());
    assertEquals(Optional.empty(), settings.source());
  }

  @Test
  void emptySettingsDeclareNothing() {
    SettingsFile empty = SettingsFile.empty();

    assertTrue(empty.cacheNames().isEmpty());
    assertTrue(empty.nodeSettings().isEmpty());
    assertFalse(empty.source().isPresent());
    assertEquals(Optional.empty(), empty.cacheConfiguration("scores"));
  }
}
