package io.peanutcache.settings;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/** The four places node settings come from, filled by a test and resolved together. */
final class NodeSettingPlace {

  /** The name the settings file is given in error messages. */
  static final String FILE = "classpath:peanutcache.properties";

  /** One of the four places, highest precedence first. */
  enum Place {
    MANAGER_PROPERTIES,
    SYSTEM_PROPERTY,
    ENVIRONMENT_VARIABLE,
    SETTINGS_FILE;

    /** How an error message names this place for the setting {@code key}. */
    String where(String key) {
      return switch (this) {
        case MANAGER_PROPERTIES -> "CacheManager properties";
        case SYSTEM_PROPERTY -> "system property";
        case ENVIRONMENT_VARIABLE -> "environment variable " + variable(key);
        case SETTINGS_FILE -> FILE;
      };
    }
  }

  final Properties manager = new Properties();
  final Properties system = new Properties();
  final Map<String, String> environment = new HashMap<>();
  final Properties file = new Properties();

  /** Sets {@code key} in {@code place}; in the environment, under its variable's name. */
  NodeSettingPlace set(Place place, String key, String value) {
    switch (place) {
      case MANAGER_PROPERTIES -> manager.setProperty(key, value);
      case SYSTEM_PROPERTY -> system.setProperty(key, value);
      case ENVIRONMENT_VARIABLE -> environment.put(variable(key), value);
      case SETTINGS_FILE -> file.setProperty(key, value);
    }
    return this;
  }

  /** Removes {@code key} from {@code place}. */
  NodeSettingPlace remove(Place place, String key) {
    switch (place) {
      case MANAGER_PROPERTIES -> manager.remove(key);
      case SYSTEM_PROPERTY -> system.remove(key);
      case ENVIRONMENT_VARIABLE -> environment.remove(variable(key));
      case SETTINGS_FILE -> file.remove(key);
    }
    return this;
  }

  NodeSettings resolve() {
    return NodeSettings.resolve(manager, system, environment, file, FILE);
  }

  /** The variable of {@code key}, spelt out here rather than asked of the class under test. */
  static String variable(String key) {
    return "PEANUTCACHE_" + key.substring("peanutcache.".length())
        .toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }
}
