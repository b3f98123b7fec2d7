package io.peanutcache.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.peanutcache.config.SettingsFile;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import io.peanutcache.InvalidSettingException;

/** What {@code peanutcache.manager} may be, and where it may be set. */
class ManagerIdentityErrorsTest {

  private static final String ALLOWED = "a name of 1 to 255 characters without control"
      + " characters, the same on every node that shares the caches (bookstore)";

  private final ClassLoader loader = getClass().getClassLoader();

  @TempDir
  Path directory;

  @ParameterizedTest
  @ValueSource(strings = {"", "   ", "\t"})
  void aBlankNameInTheManagerPropertiesIsRefused(String blank) {
    InvalidSettingException invalid = fromProperties(blank);

    assertEquals("invalid setting peanutcache.manager= (in CacheManager properties): allowed: "
        + ALLOWED, invalid.getMessage());
    assertEquals("peanutcache.manager", invalid.getKey());
  }

  @Test
  void aNameWithAControlCharacterIsRefusedShowingIt() {
    InvalidSettingException invalid = fromProperties("book\u0000store");

    assertEquals("invalid setting peanutcache.manager=book\\u0000store (in CacheManager"
        + " properties): allowed: " + ALLOWED, invalid.getMessage());
  }

  @Test
  void aNameLongerThan255CharactersIsRefused() {
    InvalidSettingException invalid = fromProperties("m".repeat(256));

    assertEquals("m".repeat(256), invalid.getValue());
    assertEquals(ALLOWED, invalid.getAllowed());
  }

  @Test
  void aNameThatIsNotAStringIsRefused() {
    Properties properties = new Properties();
    properties.put(ManagerIdentity.MANAGER_PROPERTY, 42);

    InvalidSettingException invalid = assertThrows(InvalidSettingException.class,
        () -> ManagerIdentity.of(URI.create("urn:x"), loader, properties, SettingsFile.empty()));

    assertEquals("invalid setting peanutcache.manager=42 (in CacheManager properties): allowed:"
        + " a String value, not a java.lang.Integer", invalid.getMessage());
  }

  @Test
  void aBlankNameInTheSettingsFileIsRefusedNamingTheFile() throws IOException {
    Path file = directory.resolve("peanutcache.properties");
    Files.write(file, List.of("peanutcache.manager=  "));
    SettingsFile settings = SettingsFile.load(file.toUri(), loader);

    InvalidSettingException invalid = assertThrows(InvalidSettingException.class,
        () -> ManagerIdentity.of(file.toUri(), loader, new Properties(), settings));

    assertEquals("invalid setting peanutcache.manager= (in " + file.toUri() + "): allowed: "
        + ALLOWED, invalid.getMessage());
    assertEquals(Optional.of(file.toUri()), invalid.getSource());
  }

  @Test
  void aNameAsASystemPropertyIsRefusedSinceItWouldNameEveryManager() {
    Properties system = new Properties();
    system.setProperty(ManagerIdentity.MANAGER_PROPERTY, "bookstore");

    InvalidSettingException invalid = assertThrows(InvalidSettingException.class,
        () -> NodeSettings.resolve(null, system, Map.of(), null, null));

    assertEquals("invalid setting peanutcache.manager=bookstore (in system property): allowed:"
        + " peanutcache.manager only in the CacheManager's properties or its settings file: it"
        + " names one CacheManager, and system properties and environment variables apply to every"
        + " CacheManager of the JVM", invalid.getMessage());
  }

  @Test
  void aNameAsAnEnvironmentVariableIsRefusedSinceItWouldNameEveryManager() {
    InvalidSettingException invalid = assertThrows(InvalidSettingException.class,
        () -> NodeSettings.resolve(null, new Properties(),
            Map.of("PEANUTCACHE_MANAGER", "bookstore"), null, null));

    assertEquals("PEANUTCACHE_MANAGER", invalid.getKey());
    assertEquals("bookstore", invalid.getValue());
  }

  @Test
  void aNameInTheManagerPropertiesOrTheFileIsNoUnknownNodeSetting() {
    Properties manager = new Properties();
    manager.setProperty(ManagerIdentity.MANAGER_PROPERTY, "bookstore");
    Properties file = new Properties();
    file.setProperty(ManagerIdentity.MANAGER_PROPERTY, "library");

    NodeSettings settings = NodeSettings.resolve(manager, new Properties(), Map.of(), file,
        "classpath:peanutcache.properties");

    assertEquals(false, settings.isClustered());
  }

  private InvalidSettingException fromProperties(String name) {
    Properties properties = new Properties();
    properties.setProperty(ManagerIdentity.MANAGER_PROPERTY, name);
    return assertThrows(InvalidSettingException.class,
        () -> ManagerIdentity.of(URI.create("urn:x"), loader, properties, SettingsFile.empty()));
  }
}
