package io.peanutcache.settings;

import io.peanutcache.InvalidSettingException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The four places node settings are read from, highest precedence first: the CacheManager's
 * properties, the system properties, the environment and the settings file. Reading them checks
 * the keys of every place, so a misspelt key fails even when another place sets the right one;
 * the values are checked later, and only the one that wins.
 */
final class NodeSettingSources {

  /** Where a setting given to {@code getCacheManager(uri, classLoader, properties)} was found. */
  static final String MANAGER_PROPERTIES = "CacheManager properties";

  /** Where a setting given as a system property was found. */
  static final String SYSTEM_PROPERTY = "system property";

  /** Where a setting given as an environment variable was found, before the variable's name. */
  static final String ENVIRONMENT_VARIABLE = "environment variable ";

  /** Where a setting of a settings file was found when the file's name is not known. */
  static final String UNNAMED_FILE = "settings file";

  private static final String PREFIX = "peanutcache.";
  private static final String CACHE_PREFIX = "peanutcache.cache.";
  private static final String TIME_SOURCE = "peanutcache.time-source";
  /**
   * Settings of the caches a framework makes on first use (the Spring starter's defaults): the
   * framework reads them, and the node passes them over like per-cache settings.
   */
  private static final String CACHE_DEFAULTS_PREFIX = "peanutcache.cache-defaults.";
  private static final String VARIABLE_PREFIX = "PEANUTCACHE_";
  private static final String CACHE_VARIABLE_PREFIX = NodeSettings.environmentVariable(CACHE_PREFIX);
  private static final String TIME_SOURCE_VARIABLE = NodeSettings.environmentVariable(TIME_SOURCE);
  private static final String MANAGER = ManagerIdentity.MANAGER_PROPERTY;
  private static final String MANAGER_VARIABLE = NodeSettings.environmentVariable(MANAGER);

  private static final String MANAGER_ALLOWED = MANAGER + " only in the CacheManager's properties"
      + " or its settings file: it names one CacheManager, and system properties and environment"
      + " variables apply to every CacheManager of the JVM";

  private static final Map<String, String> KEYS_BY_VARIABLE = NodeSettings.KEYS.stream()
      .collect(Collectors.toUnmodifiableMap(NodeSettings::environmentVariable, key -> key));

  private static final String ALLOWED_KEYS = "one of the node settings "
      + String.join(", ", NodeSettings.KEYS) + "; per-cache settings start with " + CACHE_PREFIX;

  private static final String ALLOWED_VARIABLES = "one of the node settings "
      + NodeSettings.KEYS.stream().map(NodeSettings::environmentVariable)
          .collect(Collectors.joining(", "));

  /**
   * A node setting as found in one place.
   *
   * @param key the setting's key
   * @param value the value as written there, untrimmed
   * @param where where it was found, in words, for error messages
   * @param file the URI of the settings file it was found in, or null
   */
  record Found(String key, String value, String where, URI file) {

    /** The error that this setting's value is not {@code allowed}. */
    InvalidSettingException invalid(String allowed) {
      return invalid(allowed, null);
    }

    /** The error that this setting's value is not {@code allowed}, because of {@code cause}. */
    InvalidSettingException invalid(String allowed, Throwable cause) {
      return new InvalidNodeSettingException(key, value.trim(), allowed, where, file, cause);
    }

    /** This setting as messages may show a secret: its value {@value NodeSettingSources#HIDDEN}. */
    Found hidden() {
      return new Found(key, HIDDEN, where, file);
    }

    /**
     * The path this setting names.
     *
     * @param allowed what the setting allows, for the message
     * @throws InvalidSettingException if the value is no path
     */
    Path path(String allowed) {
      try {
        return Path.of(value.trim());
      } catch (InvalidPathException malformed) {
        throw invalid(allowed, malformed);
      }
    }

    /**
     * The readable regular file this setting names.
     *
     * @param allowed what the setting allows, for the message
     * @throws InvalidSettingException if the value is no path, or not one of a readable file
     */
    Path readableFile(String allowed) {
      Path path = path(allowed);
      if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
        throw invalid(allowed + "; " + path.toAbsolutePath() + " is not one");
      }
      return path;
    }
  }

  /** What messages and {@code toString} show instead of a secret, such as a password. */
  static final String HIDDEN = "(hidden)";

  /** Each place's node settings by key, highest precedence first. */
  private final List<Map<String, Found>> places;

  private NodeSettingSources(List<Map<String, Found>> places) {
    this.places = places;
  }

  /**
   * Reads the node settings of every place and checks their keys.
   *
   * <p>{@value ManagerIdentity#MANAGER_PROPERTY} is not a node setting: {@link ManagerIdentity}
   * reads it from the CacheManager's properties and the file, and it is passed over there.
   *
   * @throws InvalidSettingException if a place holds a {@code peanutcache.*} key (or
   *     {@code PEANUTCACHE_*} variable) that is no node setting, per-cache setting or the
   *     {@code peanutcache.time-source} hook, or a node setting whose value is not a String; or
   *     if the system properties or the environment set {@value ManagerIdentity#MANAGER_PROPERTY}
   */
  static NodeSettingSources read(Properties managerProperties, Properties systemProperties,
      Map<String, String> environment, Properties fileSettings, String fileSource) {
    String fileWhere = fileSource == null ? UNNAMED_FILE : fileSource;
    return new NodeSettingSources(List.of(
        fromProperties(managerProperties, MANAGER_PROPERTIES, null, true),
        fromProperties(systemProperties, SYSTEM_PROPERTY, null, false),
        fromEnvironment(environment),
        fromProperties(fileSettings, fileWhere, uriOrNull(fileSource), true)));
  }

  /**
   * The setting {@code key} from the place of highest precedence that holds it, even with a blank
   * value.
   */
  Optional<Found> find(String key) {
    for (Map<String, Found> place : places) {
      Found found = place.get(key);
      if (found != null) {
        return Optional.of(found);
      }
    }
    return Optional.empty();
  }

  /**
   * The setting {@code key} from the place of highest precedence that holds it, unless its value
   * is blank: for settings where a blank value means not set.
   */
  Optional<Found> findSet(String key) {
    return find(key).filter(found -> !found.value().isBlank());
  }

  /** The setting {@code key} from every place that holds it, highest precedence first. */
  List<Found> findAll(String key) {
    List<Found> all = new java.util.ArrayList<>();
    for (Map<String, Found> place : places) {
      Found found = place.get(key);
      if (found != null) {
        all.add(found);
      }
    }
    return all;
  }

  /**
   * The node settings of one place; {@code namesOneManager} tells whether the place belongs to one
   * CacheManager, and may hold {@value ManagerIdentity#MANAGER_PROPERTY}.
   */
  private static Map<String, Found> fromProperties(
      Properties properties, String where, URI file, boolean namesOneManager) {
    if (properties == null) {
      return Map.of();
    }
    // Properties may hold values that are not Strings (the time-source hook is an object), and
    // defaults that only stringPropertyNames() and getProperty() see.
    Map<String, Object> entries = new TreeMap<>();
    for (String key : properties.stringPropertyNames()) {
      entries.put(key, properties.getProperty(key));
    }
    properties.forEach((key, value) -> {
      if (key instanceof String name) {
        entries.put(name, value);
      }
    });
    Map<String, Found> settings = new TreeMap<>();
    entries.forEach((key, value) -> {
      if (!key.startsWith(PREFIX) || key.startsWith(CACHE_PREFIX) || key.startsWith(CACHE_DEFAULTS_PREFIX)
          || key.equals(TIME_SOURCE) || value == null || (namesOneManager && key.equals(MANAGER))) {
        return;
      }
      if (key.equals(MANAGER)) {
        throw new InvalidNodeSettingException(
            key, String.valueOf(value).trim(), MANAGER_ALLOWED, where, file, null);
      }
      if (!NodeSettings.KEYS.contains(key)) {
        throw new InvalidNodeSettingException(
            key, String.valueOf(value).trim(), ALLOWED_KEYS, where, file, null);
      }
      if (!(value instanceof String text)) {
        throw new InvalidNodeSettingException(key, String.valueOf(value),
            "a String value, not a " + value.getClass().getName(), where, file, null);
      }
      settings.put(key, new Found(key, text, where, file));
    });
    return Collections.unmodifiableMap(settings);
  }

  private static Map<String, Found> fromEnvironment(Map<String, String> environment) {
    Map<String, Found> settings = new TreeMap<>();
    new TreeMap<>(environment).forEach((variable, value) -> {
      if (!variable.startsWith(VARIABLE_PREFIX) || variable.startsWith(CACHE_VARIABLE_PREFIX)
          || variable.equals(TIME_SOURCE_VARIABLE) || value == null) {
        return;
      }
      String where = ENVIRONMENT_VARIABLE + variable;
      if (variable.equals(MANAGER_VARIABLE)) {
        throw new InvalidNodeSettingException(
            variable, value.trim(), MANAGER_ALLOWED, where, null, null);
      }
      String key = KEYS_BY_VARIABLE.get(variable);
      if (key == null) {
        throw new InvalidNodeSettingException(
            variable, value.trim(), ALLOWED_VARIABLES, where, null, null);
      }
      settings.put(key, new Found(key, value, where, null));
    });
    return Collections.unmodifiableMap(settings);
  }

  /** The file's name as a URI for {@link InvalidSettingException#getSource()}, when it is one. */
  private static URI uriOrNull(String fileSource) {
    if (fileSource == null) {
      return null;
    }
    try {
      return new URI(fileSource);
    } catch (URISyntaxException notAUri) {
      return null;
    }
  }
}
