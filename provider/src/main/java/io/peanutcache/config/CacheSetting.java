package io.peanutcache.config;

import java.util.Arrays;
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
  KEY_TYPE("key-type") {
    @Override
    ConfigurationChange read(String key, String value, ClassLoader classLoader) {
      Class<Object> type = anyType(ClassSetting.type(key, value, classLoader));
      return configuration -> configuration.setTypes(type, configuration.getValueType());
    }
  },
  VALUE_TYPE("value-type") {
    @Override
    ConfigurationChange read(String key, String value, ClassLoader classLoader) {
      Class<Object> type = anyType(ClassSetting.type(key, value, classLoader));
      return configuration -> configuration.setTypes(configuration.getKeyType(), type);
    }
  },
  STORE_BY_VALUE("store-by-value") {
    @Override
    ConfigurationChange read(String key, String value, ClassLoader classLoader) {
      boolean storeByValue = BooleanSetting.parse(key, value);
      return configuration -> configuration.setStoreByValue(storeByValue);
    }
  },
  READ_THROUGH("read-through") {
    @Override
    ConfigurationChange read(String key, String value, ClassLoader classLoader) {
      boolean readThrough = BooleanSetting.parse(key, value);
      return configuration -> configuration.setReadThrough(readThrough);
    }
  },
  WRITE_THROUGH("write-through") {
    @Override
    ConfigurationChange read(String key, String value, ClassLoader classLoader) {
      boolean writeThrough = BooleanSetting.parse(key, value);
      return configuration -> configuration.setWriteThrough(writeThrough);
    }
  },
  STATISTICS("statistics") {
    @Override
    ConfigurationChange read(String key, String value, ClassLoader classLoader) {
      boolean statistics = BooleanSetting.parse(key, value);
      return configuration -> configuration.setStatisticsEnabled(statistics);
    }
  },
  MANAGEMENT("management") {
    @Override
    ConfigurationChange read(String key, String value, ClassLoader classLoader) {
      boolean management = BooleanSetting.parse(key, value);
      return configuration -> configuration.setManagementEnabled(management);
    }
  },
  LOADER("loader") {
    @Override
    ConfigurationChange read(String key, String value, ClassLoader classLoader) {
      Factory<CacheLoader<Object, Object>> loader = FactoryBuilder.factoryOf(
          ClassSetting.implementation(key, value, classLoader, CacheLoader.class));
      return configuration -> configuration.setCacheLoaderFactory(loader);
    }
  },
  WRITER("writer") {
    @Override
    ConfigurationChange read(String key, String value, ClassLoader classLoader) {
      Factory<CacheWriter<Object, Object>> writer = FactoryBuilder.factoryOf(
          ClassSetting.implementation(key, value, classLoader, CacheWriter.class));
      return configuration -> configuration.setCacheWriterFactory(writer);
    }
  },
  EXPIRY("expiry") {
    @Override
    ConfigurationChange read(String key, String value, ClassLoader classLoader) {
      Factory<ExpiryPolicy> expiry = ExpirySetting.parse(key, value);
      return configuration -> configuration.setExpiryPolicyFactory(expiry);
    }
  },
  MAXIMUM_ENTRIES("maximum-entries") {
    @Override
    ConfigurationChange read(String key, String value, ClassLoader classLoader) {
      long maximumEntries = WholeNumberSetting.parse(key, value);
      return configuration -> configuration.setUnbounded().setMaximumEntries(maximumEntries);
    }
  },
  MAXIMUM_BYTES("maximum-bytes") {
    @Override
    ConfigurationChange read(String key, String value, ClassLoader classLoader) {
      long maximumBytes = ByteSizeSetting.parse(key, value);
      return configuration -> configuration.setUnbounded().setMaximumBytes(maximumBytes);
    }
  },
  HOT_CACHE("hot-cache") {
    @Override
    ConfigurationChange read(String key, String value, ClassLoader classLoader) {
      HotCacheSetting.HotCache hotCache = HotCacheSetting.parse(key, value);
      return configuration ->
          configuration.setHotCache(hotCache.maximumEntries(), hotCache.maximumAge());
    }
  };

  private final String settingName;

  CacheSetting(String settingName) {
    this.settingName = settingName;
  }

  /**
   * Reads and checks {@code value}, already trimmed, naming {@code key} in any error.
   *
   * @throws io.peanutcache.InvalidSettingException if the value is not allowed for this setting
   */
  abstract ConfigurationChange read(String key, String value, ClassLoader classLoader);

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
