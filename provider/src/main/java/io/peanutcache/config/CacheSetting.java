package io.peanutcache.config;

import io.peanutcache.PeanutConfiguration;
import java.util.Arrays;
import java.util.function.BiConsumer;
import java.util.Optional;
import java.util.stream.Collectors;
import javax.cache.configuration.Factory;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.expiry.ExpiryPolicy;
import javax.cache.integration.CacheLoader;
import javax.cache.integration.CacheWriter;

/**
 * The settings a cache can declare, each with the name it has in the file and the way its value is
 * read. Settings are laid over a configuration in the order they are listed here.
 */
enum CacheSetting {
  KEY_TYPE("key-type", (key, value, classLoader) -> {
    Class<Object> type = anyType(ClassSetting.type(key, value, classLoader));
    return configuration -> configuration.setTypes(type, configuration.getValueType());
  }),
  VALUE_TYPE("value-type", (key, value, classLoader) -> {
    Class<Object> type = anyType(ClassSetting.type(key, value, classLoader));
    return configuration -> configuration.setTypes(configuration.getKeyType(), type);
  }),
  STORE_BY_VALUE("store-by-value", flag(PeanutConfiguration::setStoreByValue)),
  READ_THROUGH("read-through", flag(PeanutConfiguration::setReadThrough)),
  WRITE_THROUGH("write-through", flag(PeanutConfiguration::setWriteThrough)),
  STATISTICS("statistics", flag(PeanutConfiguration::setStatisticsEnabled)),
  MANAGEMENT("management", flag(PeanutConfiguration::setManagementEnabled)),
  LOADER("loader", (key, value, classLoader) -> {
    Factory<CacheLoader<Object, Object>> loader = FactoryBuilder.factoryOf(
        ClassSetting.implementation(key, value, classLoader, CacheLoader.class));
    return configuration -> configuration.setCacheLoaderFactory(loader);
  }),
  WRITER("writer", (key, value, classLoader) -> {
    Factory<CacheWriter<Object, Object>> writer = FactoryBuilder.factoryOf(
        ClassSetting.implementation(key, value, classLoader, CacheWriter.class));
    return configuration -> configuration.setCacheWriterFactory(writer);
  }),
  EXPIRY("expiry", (key, value, classLoader) -> {
    Factory<ExpiryPolicy> expiry = ExpirySetting.parse(key, value);
    return configuration -> configuration.setExpiryPolicyFactory(expiry);
  }),
  MAXIMUM_ENTRIES("maximum-entries", (key, value, classLoader) -> {
    long maximumEntries = WholeNumberSetting.parse(key, value);
    return configuration -> configuration.setUnbounded().setMaximumEntries(maximumEntries);
  }),
  MAXIMUM_BYTES("maximum-bytes", (key, value, classLoader) -> {
    long maximumBytes = ByteSizeSetting.parse(key, value);
    return configuration -> configuration.setUnbounded().setMaximumBytes(maximumBytes);
  }),
  HOT_CACHE("hot-cache", (key, value, classLoader) -> {
    HotCacheSetting.HotCache hotCache = HotCacheSetting.parse(key, value);
    return configuration -> configuration.setHotCache(hotCache.maximumEntries(), hotCache.maximumAge());
  });

  /** Reads and checks a setting's value into the change it makes. */
  @FunctionalInterface
  private interface Reader {
    ConfigurationChange read(String key, String value, ClassLoader classLoader);
  }

  private final String settingName;
  private final Reader reader;

  CacheSetting(String settingName, Reader reader) {
    this.settingName = settingName;
    this.reader = reader;
  }

  /**
   * Reads and checks {@code value}, already trimmed, naming {@code key} in any error.
   *
   * @throws io.peanutcache.InvalidSettingException if the value is not allowed for this setting
   */
  ConfigurationChange read(String key, String value, ClassLoader classLoader) {
    return reader.read(key, value, classLoader);
  }

  /** A true/false setting, given the configuration's setter. */
  private static Reader flag(BiConsumer<PeanutConfiguration<Object, Object>, Boolean> setter) {
    return (key, value, classLoader) -> {
      boolean flag = BooleanSetting.parse(key, value);
      return configuration -> setter.accept(configuration, flag);
    };
  }

  /** The setting's name in the file, such as {@code maximum-entries}. */
  String settingName() {
    return settingName;
  }

  /** The setting called {@code settingName} in the file, if there is one. */
  static Optional<CacheSetting> named(String settingName) {
    return Arrays.stream(values()).filter(s -> s.settingName.equals(settingName)).findFirst();
  }

  /** Every setting's name, comma-separated, for error messages. */
  static String allNames() {
    return Arrays.stream(values()).map(CacheSetting::settingName).collect(Collectors.joining(", "));
  }

  /** Any class is a {@code Class<Object>} to the {@code Object}-typed configuration view. */
  @SuppressWarnings("unchecked")
  private static Class<Object> anyType(Class<?> type) {
    return (Class<Object>) type;
  }
}
