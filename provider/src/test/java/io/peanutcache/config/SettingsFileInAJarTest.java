package io.peanutcache.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.peanutcache.InvalidSettingException;
import io.peanutcache.testing.FreePorts;
import io.peanutcache.testing.TestJars;
import java.net.URI;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Settings files read through the URL of a jar entry, as Spring Boot and Hibernate hand them over
 * when the application runs from its jar, and the URIs that name a file nobody can read.
 */
class SettingsFileInAJarTest {

  @TempDir
  Path directory;

  @Test
  void aSettingsFileInsideAJarIsRead() throws Exception {
    Path jar = TestJars.write(directory.resolve("app.jar"), "peanutcache.properties",
        "peanutcache.cache.books.maximum-entries=42",
        "peanutcache.rpc.timeout=750ms");
    try (URLClassLoader loader = TestJars.loaderOf(jar)) {
      URI uri = TestJars.resourceUri(loader, "peanutcache.properties");
      assertEquals("jar", uri.getScheme(), "the class loader hands out a jar: URI");

      SettingsFile settings = SettingsFile.load(uri, loader);

      assertEquals(Set.of("books"), settings.cacheNames());
      assertEquals(OptionalLong.of(42),
          settings.cacheConfiguration("books").orElseThrow().getMaximumEntries());
      assertEquals("750ms", settings.nodeSettings().getProperty("peanutcache.rpc.timeout"));
      assertEquals(Optional.of(uri), settings.source());
    }
  }

  @Test
  void aJarIsReadAsItIsNowNotAsItWasFirstOpened() throws Exception {
    Path jar = TestJars.write(directory.resolve("app.jar"), "peanutcache.properties",
        "peanutcache.cache.books.maximum-entries=1");
    URI uri = URI.create("jar:" + jar.toUri() + "!/peanutcache.properties");
    SettingsFile.load(uri, getClass().getClassLoader());

    TestJars.write(jar, "peanutcache.properties", "peanutcache.cache.authors.maximum-entries=2");

    assertEquals(Set.of("authors"), SettingsFile.load(uri, getClass().getClassLoader()).cacheNames());
  }

  @Test
  void aJarWithoutTheEntryFailsNamingTheUri() {
    Path jar = TestJars.write(directory.resolve("app.jar"), "other.properties", "a=b");
    URI uri = URI.create("jar:" + jar.toUri() + "!/peanutcache.properties");

    InvalidSettingException invalid = assertThrows(InvalidSettingException.class,
        () -> SettingsFile.load(uri, getClass().getClassLoader()));

    assertEquals("CacheManager URI", invalid.getKey());
    assertEquals(uri.toString(), invalid.getValue());
  }

  @Test
  void aMissingJarFailsNamingTheUri() {
    URI uri = URI.create("jar:" + directory.resolve("gone.jar").toUri() + "!/peanutcache.properties");

    InvalidSettingException invalid = assertThrows(InvalidSettingException.class,
        () -> SettingsFile.load(uri, getClass().getClassLoader()));

    assertEquals(uri.toString(), invalid.getValue());
    assertTrue(invalid.getMessage().contains(uri.toString()));
  }

  @Test
  void aPropertiesUrlThatCannotBeOpenedFailsNamingIt() {
    int closedPort = FreePorts.ports(1).get(0);
    URI uri = URI.create("http://127.0.0.1:" + closedPort + "/peanutcache.properties");

    InvalidSettingException invalid = assertThrows(InvalidSettingException.class,
        () -> SettingsFile.load(uri, getClass().getClassLoader()));

    assertEquals(uri.toString(), invalid.getValue());
  }

  @Test
  void aPropertiesUriOfASchemeTheJvmCannotOpenFailsNamingIt() {
    URI uri = URI.create("nested:/app.jar/!BOOT-INF/classes/!/peanutcache.properties");

    InvalidSettingException invalid = assertThrows(InvalidSettingException.class,
        () -> SettingsFile.load(uri, getClass().getClassLoader()));

    assertEquals(uri.toString(), invalid.getValue());
  }
}
