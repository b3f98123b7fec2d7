package io.peanutcache.config;

import io.peanutcache.InvalidSettingException;

/**
 * A key of the form {@code peanutcache.cache.<cache name>.<setting>}, split into the cache name
 * and the setting. The cache name may contain dots; the setting is what follows the last dot.
 *
 * @param key the whole key, for error messages
 * @param cacheName the name of the cache the setting is for
 * @param setting the setting
 */
record CacheSettingKey(String key, String cacheName, CacheSetting setting) {

  /** What every key under it declares a setting of one cache. */
  static final String PREFIX = "peanutcache.cache.";

  /** Whether {@code key} is a cache setting rather than a node setting. */
  static boolean isCacheSetting(String key) {
    return key.startsWith(PREFIX);
  }

  /**
   * Splits {@code key}, which starts with {@link #PREFIX}; {@code value} is only for the error.
   *
   * @throws InvalidSettingException if the key has no cache name or no known setting
   */
  static CacheSettingKey parse(String key, String value) {
    String nameAndSetting = key.substring(PREFIX.length());
    int lastDot = nameAndSetting.lastIndexOf('.');
    if (lastDot < 1) {
      throw new InvalidSettingException(key, value, "a key " + PREFIX
          + "<cache name>.<setting> with a setting among " + CacheSetting.allNames());
    }
    String settingName = nameAndSetting.substring(lastDot + 1);
    CacheSetting setting = CacheSetting.named(settingName).orElseThrow(() ->
        new InvalidSettingException(key, value, "a setting among " + CacheSetting.allNames()));
    return new CacheSettingKey(key, nameAndSetting.substring(0, lastDot), setting);
  }
}
