package io.peanutcache.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.peanutcache.config.SettingsFile;
import io.peanutcache.testing.TestJars;
import java.io.IOException;
import java.net.URI;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The identity a CacheManager's URI and settings give it in the cluster. */
class ManagerIdentityTest {

  private final ClassLoader loader = getClass().getClassLoader();

  @TempDir
  Path directory;

  @Test
  void aJarEntryIsItsResourceWhereverTheJarLies() {
    String first = identity("jar:file:/opt/app/app-1.0.jar!/peanutcache.properties");
    String second = identity("jar:file:/srv/other/app-1.1.jar!/peanutcache.properties");

    assertEquals("classpath:peanutcache.properties", first);
    assertEquals(first, second);
  }

  @Test
  void aSpringBootNestedJarEntryIsTheEntryAfterTheLastSeparator() {
    assertEquals("classpath:peanutcache.properties",
        identity("jar:nested:/opt/app/app.jar/!BOOT-INF/classes/!/peanutcache.properties"));
    assertEquals("classpath:config/peanutcache.properties",
        identity("jar:file:/opt/app/app.jar!/BOOT-INF/classes!/config/peanutcache.properties"));
  }

  @Test
  void anEncodedJarEntryIsDecoded() {
    assertEquals("classpath:my settings.properties",
        identity("jar:file:/opt/my%20app.jar!/my%20settings.properties"));
  }

  @Test
  void aJarUriWithoutAnEntryIsItself() {
    assertEquals("jar:file:/opt/app.jar!/", identity("jar:file:/opt/app.jar!/"));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "classpath:peanutcache.properties",
      "classpath:/peanutcache.properties",
      "classpath:///peanutcache.properties",
      "CLASSPATH:peanutcache.properties"})
  void aClasspathUriIsItsResourceNameWithoutLeadingSlashes(String uri) {
    assertEquals("classpath:peanutcache.properties", identity(uri));
  }

  @Test
  void aFileTheClassLoaderReachesIsTheShortestResourceNameOfThatFile() throws IOException {
    Path classes = Files.createDirectories(directory.resolve("target/classes"));
    Path root = Files.writeString(classes.resolve("peanutcache.properties"), "a=b");
    Path nested = Files.writeString(
        Files.createDirectories(classes.resolve("config")).resolve("peanutcache.properties"), "c=d");
    try (URLClassLoader application = new URLClassLoader(
        new java.net.URL[] {classes.toUri().toURL()}, null)) {

      assertEquals("classpath:peanutcache.properties",
          ManagerIdentity.ofLocation(root.toUri(), application));
      assertEquals("classpath:config/peanutcache.properties",
          ManagerIdentity.ofLocation(nested.toUri(), application),
          "peanutcache.properties on the class path is another file");
    }
  }

  @Test
  void aFileAndTheSameResourceInAJarHaveOneIdentity() throws IOException {
    Path classes = Files.createDirectories(directory.resolve("target/classes"));
    Path file = Files.writeString(classes.resolve("peanutcache.properties"), "a=b");
    Path jar = TestJars.write(directory.resolve("app.jar"), "peanutcache.properties", "a=b");
    try (URLClassLoader fromClasses = new URLClassLoader(new java.net.URL[] {classes.toUri().toURL()}, null);
        URLClassLoader fromJar = TestJars.loaderOf(jar)) {

      assertEquals(
          ManagerIdentity.ofLocation(TestJars.resourceUri(fromJar, "peanutcache.properties"), fromJar),
          ManagerIdentity.ofLocation(file.toUri(), fromClasses));
    }
  }

  @Test
  void aFileOutsideTheClassPathIsItsFileUri() throws IOException {
    Path classes = Files.createDirectories(directory.resolve("classes"));
    Files.writeString(classes.resolve("peanutcache.properties"), "a=b");
    Path elsewhere = Files.writeString(
        Files.createDirectories(directory.resolve("etc")).resolve("peanutcache.properties"), "a=b");
    try (URLClassLoader application = new URLClassLoader(new java.net.URL[] {classes.toUri().toURL()}, null)) {

      assertEquals(elsewhere.toUri().toString(),
          ManagerIdentity.ofLocation(elsewhere.toUri(), application));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "urn:peanutcache:default",
      "MyManager",
      "urn:x",
      "http://example.com/",
      "org.jsr107.tck.CacheManagerTest"})
  void aNameIsItself(String uri) {
    assertEquals(uri, identity(uri));
  }

  @Test
  void distinctNamesAreDistinctIdentities() {
    assertNotEquals(identity("urn:app:a"), identity("urn:app:b"));
    assertNotEquals(identity("classpath:a.properties"), identity("classpath:b.properties"));
  }

  @Test
  void aNameInTheSettingsFileWinsOverTheUri() throws IOException {
    SettingsFile settings = file("peanutcache.manager=bookstore");

    assertEquals("bookstore", ManagerIdentity.of(
        settings.source().orElseThrow(), loader, new Properties(), settings));
  }

  @Test
  void aNameInTheManagerPropertiesWinsOverTheFile() throws IOException {
    SettingsFile settings = file("peanutcache.manager=bookstore");

    assertEquals("library", ManagerIdentity.of(
        settings.source().orElseThrow(), loader, properties("library"), settings));
  }

  @Test
  void aNameInTheManagerPropertiesNamesAManagerOfAnyUri() {
    assertEquals("bookstore", ManagerIdentity.of(
        URI.create("urn:app:caches"), loader, properties("bookstore"), SettingsFile.empty()));
  }

  @Test
  void anExplicitNameIsTrimmed() {
    assertEquals("bookstore", ManagerIdentity.of(
        URI.create("urn:x"), loader, properties("  bookstore\t"), SettingsFile.empty()));
  }

  @Test
  void aNameOfTheLongestAllowedLengthIsAccepted() {
    String longest = "m".repeat(ManagerIdentity.MAXIMUM_LENGTH);

    assertEquals(longest, ManagerIdentity.of(
        URI.create("urn:x"), loader, properties(longest), SettingsFile.empty()));
  }

  private String identity(String uri) {
    return ManagerIdentity.ofLocation(URI.create(uri), loader);
  }

  private SettingsFile file(String... lines) throws IOException {
    Path file = directory.resolve("peanutcache.properties");
    Files.write(file, java.util.List.of(lines));
    return SettingsFile.load(file.toUri(), loader);
  }

  private static Properties properties(String manager) {
    Properties properties = new Properties();
    properties.setProperty(ManagerIdentity.MANAGER_PROPERTY, manager);
    return properties;
  }
}
