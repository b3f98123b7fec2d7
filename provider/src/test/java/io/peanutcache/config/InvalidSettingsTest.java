package io.peanutcache.config;

import static io.peanutcache.config.TestSettingsFiles.classLoader;
import static io.peanutcache.config.TestSettingsFiles.loadFails;
import static io.peanutcache.config.TestSettingsFiles.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.peanutcache.InvalidSettingException;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import javax.cache.CacheException;
import javax.cache.integration.CacheLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class InvalidSettingsTest {

  private static final String SETTING_NAMES = "key-type, value-type, store-by-value, read-through,"
      + " write-through, statistics, management, loader, writer, expiry, maximum-entries,"
      + " maximum-bytes, hot-cache";

  @TempDir
  Path directory;

  /** A loader a factory cannot make, because it has no public no-arg constructor. */
  public static class LoaderNeedingAnArgument extends FixedValueLoader {
    public LoaderNeedingAnArgument(String argument) {}
  }

  private String file() {
    return directory.resolve("peanutcache.properties").toUri().toString();
  }

  @Test
  void messageNamesKeyValueFileAndWhatIsAllowed() {
    InvalidSettingException invalid =
        loadFails(directory, "peanutcache.cache.scores.maximum-entries=abc");

    assertEquals("invalid setting peanutcache.cache.scores.maximum-entries=abc (in " + file()
        + "): allowed: a whole number of at least 1", invalid.getMessage());
    assertEquals("peanutcache.cache.scores.maximum-entries", invalid.getKey());
    assertEquals("abc", invalid.getValue());
    assertEquals("a whole number of at least 1", invalid.getAllowed());
    assertEquals(Optional.of(URI.create(file())), invalid.getSource());
    assertInstanceOf(CacheException.class, invalid);
  }

  @Test
  void classpathFileIsNamedAsItsUri() {
    URI uri = URI.create("classpath:io/peanutcache/config/invalid.properties");
    ClassLoader withInvalidFile = new ClassLoader(classLoader()) {
      @Override
      public InputStream getResourceAsStream(String name) {
        return name.equals("io/peanutcache/config/invalid.properties")
            ? new ByteArrayInputStream(
                "peanutcache.cache.scores.maximum-entries=abc".getBytes(StandardCharsets.UTF_8))
            : super.getResourceAsStream(name);
      }
    };

    InvalidSettingException invalid = assertThrows(
        InvalidSettingException.class, () -> SettingsFile.load(uri, withInvalidFile));

    assertEquals("invalid setting peanutcache.cache.scores.maximum-entries=abc (in classpath:"
        + "io/peanutcache/config/invalid.properties): allowed: a whole number of at least 1",
        invalid.getMessage());
  }

  @Test
  void unknownSettingIsRejectedListingTheAllowedSettings() {
    InvalidSettingException invalid =
        loadFails(directory, "peanutcache.cache.scores.max-entries=10");

    assertEquals("invalid setting peanutcache.cache.scores.max-entries=10 (in " + file()
        + "): allowed: a setting among " + SETTING_NAMES, invalid.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"peanutcache.cache.scores", "peanutcache.cache..statistics"})
  void keyWithoutCacheNameOrSettingIsRejected(String key) {
    InvalidSettingException invalid = loadFails(directory, key + "=true");

    assertEquals(key, invalid.getKey());
    assertEquals("a key peanutcache.cache.<cache name>.<setting> with a setting among "
        + SETTING_NAMES, invalid.getAllowed());
  }

  @ParameterizedTest
  @ValueSource(strings = {"yes", "1", "on", "truee", "  "})
  void booleanOtherThanTrueOrFalseIsRejected(String value) {
    InvalidSettingException invalid =
        loadFails(directory, "peanutcache.cache.scores.statistics=" + value);

    assertEquals("invalid setting peanutcache.cache.scores.statistics=" + value.trim() + " (in "
        + file() + "): allowed: true or false", invalid.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"abc", "0", "-1", "+5", "1.5", "10k", "99999999999999999999", ""})
  void maximumEntriesOtherThanAWholeNumberOfAtLeastOneIsRejected(String value) {
    InvalidSettingException invalid =
        loadFails(directory, "peanutcache.cache.scores.maximum-entries=" + value);

    assertEquals("peanutcache.cache.scores.maximum-entries", invalid.getKey());
    assertEquals(value, invalid.getValue());
    assertEquals("a whole number of at least 1", invalid.getAllowed());
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "0KB", "1TB", "1.5MB", "lots", "-1MB", "9999999999GiB"})
  void maximumBytesOtherThanAPositiveSizeIsRejected(String value) {
    InvalidSettingException invalid =
        loadFails(directory, "peanutcache.cache.scores.maximum-bytes=" + value);

    assertEquals("invalid setting peanutcache.cache.scores.maximum-bytes=" + value + " (in "
        + file() + "): allowed: a whole number of at least 1, optionally followed by a unit B, KB,"
        + " MB, GB (1000-based) or KiB, MiB, GiB (1024-based)", invalid.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"created -5s", "accessed -PT5S", "touched PT-5S"})
  void negativeExpiryIsRejected(String value) {
    InvalidSettingException invalid =
        loadFails(directory, "peanutcache.cache.scores.expiry=" + value);

    assertEquals("invalid setting peanutcache.cache.scores.expiry=" + value + " (in " + file()
        + "): allowed: eternal, or created, accessed, modified or touched followed by a whole"
        + " number of milliseconds, zero or more: ISO-8601 (PT10M) or a whole number with a unit"
        + " ms, s, m, h or d (500ms, 10s)", invalid.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"updated 10s", "created", "10s", "never", "created PT0.0005S",
      "created soon"})
  void expiryOtherThanEternalOrAKindWithADurationIsRejected(String value) {
    InvalidSettingException invalid =
        loadFails(directory, "peanutcache.cache.scores.expiry=" + value);

    assertEquals("peanutcache.cache.scores.expiry", invalid.getKey());
    assertEquals(value, invalid.getValue());
    assertEquals(ExpirySetting.ALLOWED, invalid.getAllowed());
  }

  @Test
  void unknownTypeIsRejected() {
    InvalidSettingException invalid =
        loadFails(directory, "peanutcache.cache.scores.key-type=com.example.Missing");

    assertEquals("invalid setting peanutcache.cache.scores.key-type=com.example.Missing (in "
        + file() + "): allowed: the binary name of a class visible to the CacheManager's"
        + " ClassLoader (java.lang.String, com.example.Outer$Inner)", invalid.getMessage());
    assertInstanceOf(ClassNotFoundException.class, invalid.getCause());
  }

  @Test
  void unknownLoaderClassIsRejected() {
    InvalidSettingException invalid =
        loadFails(directory, "peanutcache.cache.scores.loader=com.example.MissingLoader");

    assertEquals("invalid setting peanutcache.cache.scores.loader=com.example.MissingLoader (in "
        + file() + "): allowed: the binary name of a public class implementing"
        + " javax.cache.integration.CacheLoader with a public no-arg constructor, visible to the"
        + " CacheManager's ClassLoader", invalid.getMessage());
  }

  @Test
  void loaderClassThatIsNoLoaderIsRejected() {
    InvalidSettingException invalid =
        loadFails(directory, "peanutcache.cache.scores.loader=java.lang.String");

    assertEquals("peanutcache.cache.scores.loader", invalid.getKey());
    assertEquals("java.lang.String", invalid.getValue());
    assertTrue(invalid.getAllowed().contains("implementing javax.cache.integration.CacheLoader"));
  }

  @Test
  void writerClassThatIsNoWriterIsRejected() {
    InvalidSettingException invalid = loadFails(directory,
        "peanutcache.cache.scores.writer=io.peanutcache.config.FixedValueLoader");

    assertEquals("io.peanutcache.config.FixedValueLoader", invalid.getValue());
    assertTrue(invalid.getAllowed().contains("implementing javax.cache.integration.CacheWriter"));
  }

  @Test
  void loaderWithoutAPublicNoArgConstructorIsRejected() {
    String name = LoaderNeedingAnArgument.class.getName();

    InvalidSettingException invalid =
        loadFails(directory, "peanutcache.cache.scores.loader=" + name);

    assertEquals(name, invalid.getValue());
    assertTrue(invalid.getAllowed().contains("with a public no-arg constructor"));
  }

  @Test
  void abstractLoaderIsRejected() {
    InvalidSettingException invalid = loadFails(directory,
        "peanutcache.cache.scores.loader=" + CacheLoader.class.getName());

    assertEquals("javax.cache.integration.CacheLoader", invalid.getValue());
  }

  @Test
  void bothBoundsAreRejectedNamingBoth() {
    InvalidSettingException invalid = loadFails(directory,
        "peanutcache.cache.scores.maximum-entries=100",
        "peanutcache.cache.scores.maximum-bytes=1MB");

    assertEquals("invalid setting peanutcache.cache.scores.maximum-bytes=1MB (in " + file()
        + "): allowed: one of peanutcache.cache.scores.maximum-entries and"
        + " peanutcache.cache.scores.maximum-bytes, not both", invalid.getMessage());
  }

  @Test
  void boundsOfDifferentCachesDoNotConflict() {
    SettingsFile settings = TestSettingsFiles.load(directory,
        "peanutcache.cache.scores.maximum-entries=100",
        "peanutcache.cache.scores.copy.maximum-bytes=1MB");

    assertEquals(2, settings.cacheNames().size());
  }

  @Test
  void missingFileIsRejectedNamingItsUri() {
    URI missing = directory.resolve("missing.properties").toUri();

    InvalidSettingException invalid = assertThrows(
        InvalidSettingException.class, () -> SettingsFile.load(missing, classLoader()));

    assertEquals("invalid setting CacheManager URI=" + missing + ": allowed: a URI naming a"
        + " readable UTF-8 properties file: file: or classpath: (file:/etc/app/peanutcache.properties,"
        + " classpath:peanutcache.properties), or any URL the JVM opens whose path ends in"
        + " .properties (jar:file:/app.jar!/peanutcache.properties); other URIs are names and read"
        + " no file", invalid.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"file:peanutcache.properties", "file://host/peanutcache.properties"})
  void fileUriThatIsNotAnAbsoluteLocalPathIsRejected(String uri) {
    InvalidSettingException invalid = assertThrows(
        InvalidSettingException.class, () -> SettingsFile.load(URI.create(uri), classLoader()));

    assertEquals(uri, invalid.getValue());
  }

  @Test
  void directoryIsRejectedNamingItsUri() {
    URI uri = directory.toUri();

    InvalidSettingException invalid =
        assertThrows(InvalidSettingException.class, () -> SettingsFile.load(uri, classLoader()));

    assertEquals(uri.toString(), invalid.getValue());
  }

  @Test
  void missingClasspathResourceIsRejectedNamingItsUri() {
    URI missing = URI.create("classpath:no/such/peanutcache.properties");

    InvalidSettingException invalid = assertThrows(
        InvalidSettingException.class, () -> SettingsFile.load(missing, classLoader()));

    assertEquals("CacheManager URI", invalid.getKey());
    assertEquals("classpath:no/such/peanutcache.properties", invalid.getValue());
    assertTrue(invalid.getMessage().contains("classpath:no/such/peanutcache.properties"));
  }

  @Test
  void fileThatIsNotUtf8IsRejected() throws Exception {
    Path file = directory.resolve("latin1.properties");
    Files.write(file, new byte[] {'a', '=', (byte) 0xE9});

    InvalidSettingException invalid = assertThrows(InvalidSettingException.class,
        () -> SettingsFile.load(file.toUri(), classLoader()));

    assertEquals(file.toUri().toString(), invalid.getValue());
  }

  @Test
  void firstInvalidSettingInKeyOrderIsReported() {
    InvalidSettingException invalid = loadFails(directory,
        "peanutcache.cache.scores.statistics=maybe",
        "peanutcache.cache.alpha.maximum-entries=none");

    assertEquals("peanutcache.cache.alpha.maximum-entries", invalid.getKey());
  }

  @Test
  void settingsFileWithAnInvalidSettingIsNotLoadedEvenIfTheCacheIsNeverUsed() {
    URI uri = write(directory,
        "peanutcache.cache.scores.statistics=true",
        "peanutcache.cache.unused.read-through=sometimes");

    assertThrows(InvalidSettingException.class, () -> SettingsFile.load(uri, classLoader()));
  }

  @Test
  void invalidSettingWithoutSourceLeavesItOutOfTheMessage() {
    InvalidSettingException invalid = new InvalidSettingException("k", "v", "w");

    assertEquals("invalid setting k=v: allowed: w", invalid.getMessage());
    assertEquals(Optional.empty(), invalid.getSource());
    assertEquals("invalid setting k=v (in urn:x): allowed: w",
        invalid.withSource(URI.create("urn:x")).getMessage());
  }

  @Test
  void nodeSettingsAreNotChecked() {
    Map<Object, Object> node = TestSettingsFiles.load(directory,
        "peanutcache.rpc.timeout=whenever").nodeSettings();

    assertEquals("whenever", node.get("peanutcache.rpc.timeout"));
  }
}
