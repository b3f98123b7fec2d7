package io.peanutcache.hibernate;

import io.peanutcache.InvalidSettingException;
import io.peanutcache.config.DurationSetting;
import io.peanutcache.hibernate.storage.RegionStorage;
import io.peanutcache.hibernate.storage.StepRetries;
import io.peanutcache.hibernate.time.ClusterClock;
import io.peanutcache.hibernate.time.WallClock;
import io.peanutcache.spi.PeanutCachingProvider;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.spi.CachingProvider;
import org.hibernate.boot.spi.SessionFactoryOptions;
import org.hibernate.cache.cfg.spi.DomainDataRegionBuildingContext;
import org.hibernate.cache.cfg.spi.DomainDataRegionConfig;
import org.hibernate.cache.jcache.ConfigSettings;
import org.hibernate.cache.jcache.internal.JCacheRegionFactory;
import org.hibernate.cache.spi.DomainDataRegion;
import org.hibernate.cache.spi.support.DomainDataStorageAccess;
import org.hibernate.cache.spi.support.RegionNameQualifier;
import org.hibernate.cache.spi.support.StorageAccess;
import org.hibernate.engine.spi.SessionFactoryImplementor;

/**
 * Hibernate's second-level cache on a PeanutCache cluster: every region is a PeanutCache cache,
 * shared by the session factories of every node. Select it with
 * {@code hibernate.cache.region.factory_class=peanutcache} (or this class's name).
 *
 * <p><b>The CacheManager.</b> One supplied with {@code hibernate.javax.cache.cache_manager} (as
 * the Spring Boot starter does with its own) is used as it is, and never closed by Hibernate.
 * Otherwise the factory makes one and closes it when the session factory closes: its node settings
 * are the Hibernate properties under {@code peanutcache.} ({@code peanutcache.bind},
 * {@code peanutcache.peers}, {@code peanutcache.etcd.endpoints}, …), and
 * {@code hibernate.javax.cache.uri} may name a PeanutCache settings file, {@code classpath:}
 * included. Its caches are known in the cluster as those of {@value #DEFAULT_MANAGER} unless
 * {@code peanutcache.manager} or the settings file names another.
 *
 * <p><b>What crosses the network.</b> The regions' keys and values, and the steps the read-write
 * and nonstrict rules send, are Java-serialized objects, which a node decodes only if its
 * allow-list ({@code peanutcache.serialization.allow}) allows every class in them. The factory
 * adds the classes of Hibernate's they are made of ({@link SerializedClasses}) to the patterns
 * that setting gives among the Hibernate properties, on a supplied CacheManager's node too. The
 * application's own types stored in entities (enums, embeddables' parts, composite ids' parts of
 * its classes) need that setting in a cluster.
 *
 * <p><b>Time.</b> The timestamps that decide what a session may read and whether a cached query
 * result is valid are on the cluster's time ({@link ClusterClock}), not this node's clock. A soft
 * lock whose holder never releases it expires after {@value #LOCK_TIMEOUT} (60 s by default), and
 * the entry is then loaded from the database and cached again.
 *
 * <p><b>Regions</b> are made on first use, with statistics and management (JMX) on, and take
 * the per-cache settings given for their names ({@code peanutcache.cache.<region>.maximum-entries},
 * {@code expiry}, {@code hot-cache}). Reads and puts that fail are misses: a cache problem never
 * fails the application's transaction (see {@link RegionStorage}).
 */
public class PeanutRegionFactory extends JCacheRegionFactory {

  /** The short name of this factory for {@code hibernate.cache.region.factory_class}. */
  public static final String SHORT_NAME = "peanutcache";

  /** The CacheManager's name in the cluster when neither the properties nor a file name one. */
  public static final String DEFAULT_MANAGER = "urn:peanutcache:hibernate";

  /** How long a soft lock lasts when its holder never releases it (it died): a duration. */
  public static final String LOCK_TIMEOUT = "peanutcache.hibernate.lock-timeout";

  /** The lock timeout when {@value #LOCK_TIMEOUT} is not set, as in Hibernate. */
  public static final Duration DEFAULT_LOCK_TIMEOUT = Duration.ofSeconds(60);

  /**
   * A {@link java.time.Clock} to read wall time from instead of the system's, for this JVM (tests
   * use it to play a node whose clock is wrong).
   */
  public static final String CLOCK = "peanutcache.hibernate.clock";

  /** The name of the cache whose key's owner keeps the cluster's time. */
  public static final String CLOCK_CACHE = "peanutcache.hibernate.clock";

  private static final String NODE_SETTING_PREFIX = "peanutcache.";
  private static final String ADAPTER_SETTING_PREFIX = "peanutcache.hibernate.";
  private static final AtomicInteger MANAGERS = new AtomicInteger();

  /** Whether this factory made its CacheManager, and so closes it. */
  private volatile boolean ownsManager;
  private volatile long lockTimeout = DEFAULT_LOCK_TIMEOUT.toMillis() << ClusterClock.BITS;
  private volatile ClusterClock clock;
  private volatile StepRetries retries;

  /**
   * Reads the adapter's settings, finds the CacheManager and starts reading the cluster's time.
   *
   * @throws InvalidSettingException naming the setting, if one is not allowed
   */
  @Override
  protected void prepareForUse(SessionFactoryOptions settings, Map<String, Object> configValues) {
    Object wallClock = configValues.get(CLOCK);
    if (wallClock != null) {
      if (!(wallClock instanceof Clock source)) {
        throw new InvalidSettingException(CLOCK, String.valueOf(wallClock), "a java.time.Clock object");
      }
      WallClock.use(source);
    }
    Object timeout = configValues.get(LOCK_TIMEOUT);
    if (timeout != null) {
      Duration duration = timeout instanceof Duration given ? given
          : DurationSetting.parse(LOCK_TIMEOUT, timeout.toString());
      lockTimeout = duration.toMillis() << ClusterClock.BITS;
    }
    super.prepareForUse(settings, configValues);
    clock = new ClusterClock(createCache(CLOCK_CACHE));
    retries = new StepRetries();
  }

  /** Where the read-write regions send again the steps that failed. */
  StepRetries stepRetries() {
    return retries;
  }

  /** A timestamp on the cluster's time (see {@link ClusterClock}). */
  @Override
  public long nextTimestamp() {
    ClusterClock current = clock;
    return current == null ? super.nextTimestamp() : current.next();
  }

  /** The lock timeout ({@value #LOCK_TIMEOUT}), in timestamp units. */
  @Override
  public long getTimeout() {
    return lockTimeout;
  }

  @Override
  protected CacheManager resolveCacheManager(SessionFactoryOptions settings,
      Map<String, Object> properties) {
    if (properties.get(ConfigSettings.CACHE_MANAGER) != null) {
      ownsManager = false;
      CacheManager supplied = super.resolveCacheManager(settings, properties);
      SerializedClasses.addTo(supplied, properties);
      return supplied;
    }
    CachingProvider provider = getCachingProvider(properties);
    URI uri = getUri(settings, properties);
    Properties managerProperties = SerializedClasses.addTo(nodeSettings(properties), properties);
    if (uri == null) {
      uri = URI.create(DEFAULT_MANAGER + ":" + MANAGERS.incrementAndGet());
      managerProperties.putIfAbsent("peanutcache.manager", DEFAULT_MANAGER);
    }
    ownsManager = true;
    return provider.getCacheManager(uri, getClassLoader(provider), managerProperties);
  }

  /** PeanutCache's provider, whatever {@code hibernate.javax.cache.provider} says. */
  @Override
  protected CachingProvider getCachingProvider(Map<String, Object> properties) {
    return Caching.getCachingProvider(PeanutCachingProvider.class.getName(),
        PeanutRegionFactory.class.getClassLoader());
  }

  /**
   * The URI of {@code hibernate.javax.cache.uri}: a {@code classpath:} URI as it is (PeanutCache
   * reads it with the CacheManager's ClassLoader, and names the caches by it wherever the
   * application runs), any other as Hibernate resolves it.
   */
  @Override
  protected URI getUri(SessionFactoryOptions settings, Map<String, Object> properties) {
    Object uri = properties.get(ConfigSettings.CONFIG_URI);
    if (uri instanceof String text && text.startsWith("classpath:")) {
      return URI.create(text);
    }
    return super.getUri(settings, properties);
  }

  @Override
  protected ClassLoader getClassLoader(CachingProvider cachingProvider) {
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    return context != null ? context : cachingProvider.getDefaultClassLoader();
  }

  private static Properties nodeSettings(Map<String, Object> properties) {
    Properties settings = new Properties();
    properties.forEach((key, value) -> {
      if (key.startsWith(NODE_SETTING_PREFIX) && !key.startsWith(ADAPTER_SETTING_PREFIX)
          && value != null) {
        settings.setProperty(key, value.toString());
      }
    });
    return settings;
  }

  @Override
  public DomainDataRegion buildDomainDataRegion(DomainDataRegionConfig regionConfig,
      DomainDataRegionBuildingContext buildingContext) {
    return new DomainRegion(regionConfig, this,
        (RegionStorage) createDomainDataStorageAccess(regionConfig, buildingContext),
        getImplicitCacheKeysFactory(), buildingContext);
  }

  @Override
  protected DomainDataStorageAccess createDomainDataStorageAccess(
      DomainDataRegionConfig regionConfig, DomainDataRegionBuildingContext buildingContext) {
    return new RegionStorage(
        getOrCreateCache(regionConfig.getRegionName(), buildingContext.getSessionFactory()));
  }

  @Override
  protected StorageAccess createQueryResultsRegionStorageAccess(String regionName,
      SessionFactoryImplementor sessionFactory) {
    return new RegionStorage(getOrCreateCache(defaultRegionName(regionName, sessionFactory,
        DEFAULT_QUERY_RESULTS_REGION_UNQUALIFIED_NAME,
        LEGACY_QUERY_RESULTS_REGION_UNQUALIFIED_NAMES), sessionFactory));
  }

  @Override
  protected StorageAccess createTimestampsRegionStorageAccess(String regionName,
      SessionFactoryImplementor sessionFactory) {
    return new RegionStorage(getOrCreateCache(defaultRegionName(regionName, sessionFactory,
        DEFAULT_UPDATE_TIMESTAMPS_REGION_UNQUALIFIED_NAME,
        LEGACY_UPDATE_TIMESTAMPS_REGION_UNQUALIFIED_NAMES), sessionFactory));
  }

  /**
   * The region's cache: made here on first use (see {@link #createCache}), also when the settings
   * declare it, so that its statistics are on unless the settings turn them off.
   */
  @Override
  protected Cache<Object, Object> getOrCreateCache(String unqualifiedRegionName,
      SessionFactoryImplementor sessionFactory) {
    verifyStarted();
    return createCache(RegionNameQualifier.INSTANCE.qualify(unqualifiedRegionName,
        sessionFactory.getSessionFactoryOptions()));
  }

  /**
   * Makes a region's cache, with statistics and management (its MXBeans) on; the manager lays the
   * per-cache settings given for the name over this. When the cache exists already (made by another session factory, or by
   * another node at the same moment), that one is used.
   */
  @Override
  protected Cache<Object, Object> createCache(String regionName) {
    CacheManager manager = getCacheManager();
    MutableConfiguration<Object, Object> configuration =
        new MutableConfiguration<>().setStatisticsEnabled(true).setManagementEnabled(true);
    try {
      return manager.createCache(regionName, configuration);
    } catch (javax.cache.CacheException exists) {
      Cache<Object, Object> made = manager.getCache(regionName);
      if (made == null) {
        throw exists;
      }
      return made;
    }
  }

  /**
   * Stops reading the cluster's time, and closes the CacheManager if this factory made it; one
   * that was supplied stays open.
   */
  @Override
  protected void releaseFromUse() {
    ClusterClock current = clock;
    clock = null;
    if (current != null) {
      current.close();
    }
    if (retries != null) {
      retries.close();
    }
    if (ownsManager) {
      super.releaseFromUse();
    }
  }
}
