package io.peanutcache.config;

import io.peanutcache.InvalidSettingException;
import io.peanutcache.PeanutConfiguration;
import java.util.EnumMap;
import java.util.Map;
import javax.cache.configuration.CompleteConfiguration;

/** The settings declared for one cache, read and checked, to be laid over any configuration. */
final class CacheDeclaration {

  private final Map<CacheSetting, ConfigurationChange> changes;

  private CacheDeclaration(Map<CacheSetting, ConfigurationChange> changes) {
    this.changes = changes;
  }

  /**
   * Reads the settings of one cache.
   *
   * @param settings the cache's keys and their trimmed values; each setting appears at most once
   * @param classLoader the CacheManager's ClassLoader, to load the classes the settings name
   * @throws InvalidSettingException without a source, if a value is not allowed or both bounds
   *     are declared
   */
  static CacheDeclaration read(Map<CacheSettingKey, String> settings, ClassLoader classLoader) {
    Map<CacheSetting, ConfigurationChange> changes = new EnumMap<>(CacheSetting.class);
    for (Map.Entry<CacheSettingKey, String> setting : settings.entrySet()) {
      CacheSettingKey key = setting.getKey();
      changes.put(key.setting(), key.setting().read(key.key(), setting.getValue(), classLoader));
    }
    if (changes.containsKey(CacheSetting.MAXIMUM_ENTRIES)
        && changes.containsKey(CacheSetting.MAXIMUM_BYTES)) {
      throw bothBounds(settings);
    }
    return new CacheDeclaration(changes);
  }

  private static InvalidSettingException bothBounds(Map<CacheSettingKey, String> settings) {
    CacheSettingKey entries = find(settings, CacheSetting.MAXIMUM_ENTRIES);
    CacheSettingKey bytes = find(settings, CacheSetting.MAXIMUM_BYTES);
    return new InvalidSettingException(bytes.key(), settings.get(bytes),
        "one of " + entries.key() + " and " + bytes.key() + ", not both");
  }

  private static CacheSettingKey find(Map<CacheSettingKey, String> settings, CacheSetting setting) {
    return settings.keySet().stream()
        .filter(key -> key.setting() == setting)
        .findFirst()
        .orElseThrow();
  }

  /**
   * These settings laid over {@code lower}'s: a setting declared here replaces the same setting
   * there, and a bound declared here replaces either bound there.
   */
  CacheDeclaration over(CacheDeclaration lower) {
    Map<CacheSetting, ConfigurationChange> merged = new EnumMap<>(CacheSetting.class);
    merged.putAll(lower.changes);
    if (changes.containsKey(CacheSetting.MAXIMUM_ENTRIES)
        || changes.containsKey(CacheSetting.MAXIMUM_BYTES)) {
      merged.remove(CacheSetting.MAXIMUM_ENTRIES);
      merged.remove(CacheSetting.MAXIMUM_BYTES);
    }
    merged.putAll(changes);
    return new CacheDeclaration(merged);
  }

  /**
   * A new configuration: a copy of {@code base} with every declared setting laid over it. A
   * declared bound replaces any bound of {@code base}; a declared key or value type replaces the
   * one of {@code base}, so the result's type parameters are those of {@code base} only when the
   * declared types agree with them.
   */
  <K, V> PeanutConfiguration<K, V> layOver(CompleteConfiguration<K, V> base) {
    PeanutConfiguration<K, V> configuration = new PeanutConfiguration<>(base);
    PeanutConfiguration<Object, Object> untyped = untyped(configuration);
    changes.values().forEach(change -> change.applyTo(untyped));
    return configuration;
  }

  @SuppressWarnings("unchecked")
  private static PeanutConfiguration<Object, Object> untyped(PeanutConfiguration<?, ?> typed) {
    return (PeanutConfiguration<Object, Object>) typed;
  }
}
