package io.peanutcache.spring.boot;

import io.peanutcache.InvalidSettingException;
import io.peanutcache.PeanutConfiguration;
import io.peanutcache.codec.AllowList;
import io.peanutcache.config.SettingsFile;
import java.net.URI;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import javax.cache.configuration.Configuration;

/**
 * {@link PeanutCacheProperties} as the provider reads them: the {@code Properties} of the
 * PeanutCache JCache manager, holding the node settings and every declared cache under the
 * provider's own keys, and the configuration of a cache created on first use.
 *
 * <p>Per-cache settings are checked here, cache by cache, so that an error names the Spring
 * property that holds the value: {@code peanutcache.cache.books.expiry}, or
 * {@code peanutcache.cache-defaults.expiry} when the value came from the defaults. Node settings
 * keep their keys, which are the Spring properties' names.
 */
final class ProviderSettings {

  /** The CacheManager's name in the cluster when {@code peanutcache.manager} is not set. */
  static final String DEFAULT_MANAGER = "urn:peanutcache:spring-boot";

  private static final String CACHE_PREFIX = "peanutcache.cache.";
  private static final String DEFAULTS_PREFIX = "peanutcache.cache-defaults.";

  /** The name under which the defaults alone are checked. */
  private static final String DEFAULTS_CHECK = "cache-defaults";

  private final PeanutCacheProperties properties;
  private final SettingsFile file;
  private final Set<String> declaredCaches;
  private final ClassLoader classLoader;

  /**
   * @param properties the bound {@code peanutcache.*} properties
   * @param springCacheNames the caches {@code spring.cache.cache-names} names
   * @param file the settings file {@code spring.cache.jcache.config} names, or
   *     {@link SettingsFile#empty()}
   * @param classLoader the application's ClassLoader, which loads the classes settings name
   */
  ProviderSettings(PeanutCacheProperties properties, Collection<String> springCacheNames,
      SettingsFile file, ClassLoader classLoader) {
    this.properties = properties;
    this.file = file;
    this.classLoader = classLoader;
    Set<String> declared = new LinkedHashSet<>(file.cacheNames());
    declared.addAll(properties.getCache().keySet());
    declared.addAll(springCacheNames);
    this.declaredCaches = Set.copyOf(declared);
  }

  /**
   * Loads and checks the settings file {@code spring.cache.jcache.config} names.
   *
   * @param config the file's URI, or null when the property is not set
   * @param classLoader the application's ClassLoader
   * @return the file's settings, or {@link SettingsFile#empty()} without a file
   * @throws InvalidSettingException naming the file, if it cannot be read or holds a wrong
   *     setting
   */
  static SettingsFile file(URI config, ClassLoader classLoader) {
    return config == null ? SettingsFile.empty() : SettingsFile.load(config, classLoader);
  }

  /**
   * The caches declared by the settings file, by {@code peanutcache.cache.*} or named by
   * {@code spring.cache.cache-names}.
   */
  Set<String> declaredCaches() {
    return declaredCaches;
  }

  /**
   * The JCache manager's {@code Properties}: the node settings that are set, the classes Java
   * serialization may create (see {@link SerializationAllow}) and every declared cache's settings
   * over the defaults.
   *
   * @param applicationPackages the application's packages, whose classes are allowed
   * @throws InvalidSettingException naming the Spring property, if a per-cache setting, a default
   *     or a pattern of {@code peanutcache.serialization.allow} is not allowed
   */
  Properties managerProperties(Collection<String> applicationPackages) {
    Properties manager = new Properties();
    put(manager, "peanutcache.bind", properties.getBind());
    put(manager, "peanutcache.advertise", properties.getAdvertise());
    putList(manager, "peanutcache.peers", properties.getPeers());
    put(manager, "peanutcache.node.name", properties.getNode().getName());
    put(manager, "peanutcache.rpc.timeout", properties.getRpc().getTimeout());
    put(manager, "peanutcache.load.timeout", properties.getLoad().getTimeout());
    put(manager, "peanutcache.connect.timeout", properties.getConnect().getTimeout());
    put(manager, "peanutcache.handoff.timeout", properties.getHandoff().getTimeout());
    put(manager, "peanutcache.partitions", properties.getPartitions());
    put(manager, "peanutcache.cluster", properties.getCluster());
    putList(manager, "peanutcache.etcd.endpoints", properties.getEtcd().getEndpoints());
    put(manager, "peanutcache.etcd.prefix", properties.getEtcd().getPrefix());
    put(manager, "peanutcache.etcd.lease-ttl", properties.getEtcd().getLeaseTtl());
    put(manager, "peanutcache.etcd.tls.trust", properties.getEtcd().getTls().getTrust());
    put(manager, "peanutcache.etcd.tls.certificate", properties.getEtcd().getTls().getCertificate());
    put(manager, "peanutcache.etcd.tls.key", properties.getEtcd().getTls().getKey());
    put(manager, "peanutcache.etcd.user", properties.getEtcd().getUser());
    put(manager, "peanutcache.etcd.password", properties.getEtcd().getPassword());
    put(manager, "peanutcache.etcd.password-file", properties.getEtcd().getPasswordFile());
    put(manager, "peanutcache.max-message-size", properties.getMaxMessageSize());
    put(manager, "peanutcache.requests.threads", properties.getRequests().getThreads());
    put(manager, "peanutcache.requests.queue", properties.getRequests().getQueue());
    put(manager, "peanutcache.requests.iterations", properties.getRequests().getIterations());
    put(manager, "peanutcache.events.threads", properties.getEvents().getThreads());
    put(manager, "peanutcache.events.queue", properties.getEvents().getQueue());
    put(manager, "peanutcache.listeners.per-cache", properties.getListeners().getPerCache());
    put(manager, "peanutcache.tls.certificate", properties.getTls().getCertificate());
    put(manager, "peanutcache.tls.key", properties.getTls().getKey());
    put(manager, "peanutcache.tls.keystore", properties.getTls().getKeystore());
    put(manager, "peanutcache.tls.keystore-password", properties.getTls().getKeystorePassword());
    put(manager, "peanutcache.tls.trust", properties.getTls().getTrust());
    put(manager, "peanutcache.tls.member-names", properties.getTls().getMemberNames());
    putList(manager, AllowList.SETTING, SerializationAllow.patterns(
        properties.getSerialization().getAllow(), applicationPackages));
    if (properties.getManager() != null) {
      manager.setProperty("peanutcache.manager", properties.getManager());
    } else if (file.source().isEmpty()) {
      manager.setProperty("peanutcache.manager", DEFAULT_MANAGER);
    }
    check(DEFAULTS_CHECK, declaration(DEFAULTS_CHECK, null, true));
    for (String name : declaredCaches) {
      boolean inFile = file.cacheNames().contains(name);
      Declaration declaration = declaration(name, properties.getCache().get(name), !inFile);
      check(name, declaration);
      manager.putAll(declaration.providerProperties());
    }
    return manager;
  }

  /**
   * The configuration of a cache the JCache manager does not know, created on first use: the
   * defaults over JSR-107's defaults (a declared cache with no settings of its own is one).
   */
  Optional<Configuration<Object, Object>> configurationOnFirstUse(String name) {
    return Optional.of(check(name, declaration(name, null, true)));
  }

  /** Whether the cache {@code name} stores nulls: its setting, else the default's, else true. */
  boolean allowNullValues(String name) {
    PeanutCacheProperties.Cache cache = properties.getCache().get(name);
    if (cache != null && cache.getAllowNullValues() != null) {
      return cache.getAllowNullValues();
    }
    Boolean byDefault = properties.getCacheDefaults().getAllowNullValues();
    return byDefault == null || byDefault;
  }

  /**
   * The settings of one cache: its own laid over the defaults, each with its Spring property.
   * Statistics are on unless a cache or the defaults turn them off: counting costs a few adds per
   * operation, next to nothing beside a call to the key's owner, and without them the cache
   * metrics and the actuator endpoint would show zeros. A cache the settings file declares gets
   * no defaults: the file's settings are its defaults, and its own Spring properties are laid
   * over them.
   */
  private Declaration declaration(String name, PeanutCacheProperties.Cache cache,
      boolean withDefaults) {
    Map<String, String> defaults = withDefaults
        ? properties.getCacheDefaults().providerSettings() : new LinkedHashMap<>();
    if (withDefaults) {
      defaults.putIfAbsent("statistics", "true");
    }
    Map<String, String> own = cache == null ? Map.of() : cache.providerSettings();
    if (own.containsKey("maximum-entries") || own.containsKey("maximum-bytes")) {
      defaults.remove("maximum-entries");
      defaults.remove("maximum-bytes");
    }
    Map<String, Setting> settings = new LinkedHashMap<>();
    defaults.forEach((setting, value) -> settings.put(CACHE_PREFIX + name + "." + setting,
        new Setting(value, DEFAULTS_PREFIX + setting)));
    own.forEach((setting, value) -> settings.put(CACHE_PREFIX + name + "." + setting,
        new Setting(value, CACHE_PREFIX + name + "." + setting)));
    return new Declaration(settings);
  }

  /**
   * The configuration {@code declaration} gives the cache {@code name}.
   *
   * @throws InvalidSettingException naming the Spring property that holds the wrong value
   */
  private PeanutConfiguration<Object, Object> check(String name, Declaration declaration) {
    try {
      return SettingsFile.empty()
          .withCacheSettings(declaration.providerProperties(), classLoader)
          .cacheConfiguration(name)
          .orElseGet(PeanutConfiguration::new);
    } catch (InvalidSettingException invalid) {
      Setting setting = declaration.settings().get(invalid.getKey());
      if (setting == null) {
        throw invalid;
      }
      InvalidSettingException renamed = new InvalidSettingException(setting.springProperty(),
          invalid.getValue(), invalid.getAllowed(), invalid.getCause());
      renamed.setStackTrace(invalid.getStackTrace());
      throw renamed;
    }
  }

  private static void put(Properties manager, String key, Object value) {
    if (value != null) {
      manager.setProperty(key, value.toString());
    }
  }

  private static void putList(Properties manager, String key, List<String> values) {
    if (values != null && !values.isEmpty()) {
      manager.setProperty(key, String.join(",", values));
    }
  }

  /**
   * One provider setting's value and the Spring property it came from.
   *
   * @param value the value
   * @param springProperty the Spring property that holds it
   */
  private record Setting(String value, String springProperty) {}

  /**
   * The settings of one cache by provider key.
   *
   * @param settings the settings
   */
  private record Declaration(Map<String, Setting> settings) {

    Properties providerProperties() {
      Properties provider = new Properties();
      settings.forEach((key, setting) -> provider.setProperty(key, setting.value()));
      return provider;
    }
  }
}
