package io.peanutcache.jcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.peanutcache.InvalidSettingException;
import io.peanutcache.PeanutConfiguration;
import io.peanutcache.spi.PeanutCachingProvider;
import io.peanutcache.testing.TestJars;
import java.io.IOException;
import java.net.URI;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.spi.CachingProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Caches declared in the settings file named by a CacheManager's URI. */
class DeclaredCachesTest {

  private final CachingProvider provider = Caching.getCachingProvider(PeanutCachingProvider.class.getName());
  private final ClassLoader loader = getClass().getClassLoader();
  private CacheManager manager;

  @AfterEach
  void close() {
    if (manager != null) {
      manager.close();
    }
  }

  @Test
  void aCacheObtainedByNameIsMadeFromItsDeclaredSettings() {
    manager = provider.getCacheManager(URI.create("classpath:peanutcache-test.properties"), loader);

    Cache<String, Long> scores = manager.getCache("scores", String.class, Long.class);

    assertNotNull(scores, "a declared cache exists as soon as it is asked for");
    PeanutConfiguration<?, ?> configuration = scores.getConfiguration(PeanutConfiguration.class);
    assertEquals(1000, configuration.getMaximumEntries().getAsLong());
    assertTrue(scores == manager.getCache("scores", String.class, Long.class), "asked again, the same cache");
  }

  @Test
  void theManagersPropertiesDeclareCachesOverTheFilesSettings() {
    java.util.Properties properties = new java.util.Properties();
    properties.setProperty("peanutcache.cache.scores.maximum-entries", "77");
    properties.setProperty("peanutcache.cache.books.statistics", "true");
    manager = provider.getCacheManager(
        URI.create("classpath:peanutcache-test.properties"), loader, properties);

    Cache<String, Long> scores = manager.getCache("scores", String.class, Long.class);
    Cache<Object, Object> books = manager.getCache("books");

    assertEquals(77, scores.getConfiguration(PeanutConfiguration.class).getMaximumEntries().getAsLong(),
        "the properties' setting wins over the file's");
    assertNotNull(books, "a cache the properties alone declare exists when asked for");
    assertTrue(books.getConfiguration(PeanutConfiguration.class).isStatisticsEnabled());
  }

  @Test
  void aWrongSettingInTheManagersPropertiesFailsTheManager() {
    java.util.Properties properties = new java.util.Properties();
    properties.setProperty("peanutcache.cache.books.expiry", "soon");

    InvalidSettingException invalid = assertThrows(InvalidSettingException.class,
        () -> provider.getCacheManager(URI.create("urn:declared:wrong"), loader, properties));

    assertEquals("peanutcache.cache.books.expiry", invalid.getKey());
  }

  @Test
  void aDeclaredLoaderMakesTheCacheReadThrough() {
    manager = provider.getCacheManager(URI.create("classpath:peanutcache-test.properties"), loader);

    Cache<Object, Object> users = manager.getCache("com.example.users");

    assertEquals("loaded 42", users.get(42));
  }

  @Test
  void createCacheLaysTheDeclaredSettingsOverTheGivenConfiguration() {
    manager = provider.getCacheManager(URI.create("classpath:peanutcache-test.properties"), loader);

    Cache<String, Long> scores = manager.createCache("scores",
        new MutableConfiguration<String, Long>().setTypes(String.class, Long.class).setStatisticsEnabled(true));

    PeanutConfiguration<?, ?> configuration = scores.getConfiguration(PeanutConfiguration.class);
    assertEquals(1000, configuration.getMaximumEntries().getAsLong(), "declared in the file");
    assertTrue(configuration.isStatisticsEnabled(), "given in code and not declared");
  }

  @Test
  void anUndeclaredNameIsStillUnknown() {
    manager = provider.getCacheManager(URI.create("classpath:peanutcache-test.properties"), loader);
    assertNull(manager.getCache("not-declared"));
  }

  @Test
  void aWrongSettingFailsWhenTheManagerIsMadeAndNamesKeyValueAndWhatIsAllowed(@TempDir Path directory)
      throws IOException {
    Path file = directory.resolve("peanutcache.properties");
    Files.writeString(file, "peanutcache.cache.scores.maximum-entries=lots\n");

    InvalidSettingException thrown = assertThrows(InvalidSettingException.class,
        () -> provider.getCacheManager(file.toUri(), loader));

    assertTrue(thrown.getMessage().contains("peanutcache.cache.scores.maximum-entries=lots"), thrown.getMessage());
    assertTrue(thrown.getMessage().contains("allowed: a whole number of at least 1"), thrown.getMessage());
  }

  @Test
  void aMissingSettingsFileIsReported(@TempDir Path directory) {
    URI missing = directory.resolve("absent.properties").toUri();
    InvalidSettingException thrown = assertThrows(InvalidSettingException.class,
        () -> provider.getCacheManager(missing, loader));
    assertTrue(thrown.getMessage().contains(missing.toString()), thrown.getMessage());
  }

  @Test
  void aSettingsFileInsideAJarDeclaresCachesAndNodeSettings(@TempDir Path directory) throws IOException {
    Path jar = TestJars.write(directory.resolve("app.jar"), "peanutcache.properties",
        "peanutcache.cache.books.key-type=java.lang.String",
        "peanutcache.cache.books.value-type=java.lang.String",
        "peanutcache.cache.books.maximum-entries=42",
        "peanutcache.rpc.timeout=750ms");
    try (URLClassLoader application = TestJars.loaderOf(jar)) {
      URI uri = TestJars.resourceUri(application, "peanutcache.properties");
      manager = provider.getCacheManager(uri, application);

      Cache<String, String> books = manager.getCache("books", String.class, String.class);

      assertNotNull(books, "the cache the jar's file declares exists");
      assertEquals(42, books.getConfiguration(PeanutConfiguration.class).getMaximumEntries().getAsLong());
      assertEquals(Duration.ofMillis(750),
          manager.unwrap(PeanutCacheManager.class).nodeSettings().rpcTimeout());
      assertEquals(uri, manager.getURI(), "the manager keeps the URI it was asked for");
    }
  }

  @Test
  void aMissingEntryOfAJarIsReported(@TempDir Path directory) {
    Path jar = TestJars.write(directory.resolve("app.jar"), "other.properties", "a=b");
    URI missing = URI.create("jar:" + jar.toUri() + "!/peanutcache.properties");

    InvalidSettingException thrown = assertThrows(InvalidSettingException.class,
        () -> provider.getCacheManager(missing, loader));
    assertTrue(thrown.getMessage().contains(missing.toString()), thrown.getMessage());
  }
}
