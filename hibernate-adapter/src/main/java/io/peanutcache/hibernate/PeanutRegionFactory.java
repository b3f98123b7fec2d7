package io.peanutcache.hibernate;

import io.peanutcache.hibernate.storage.RegionStorage;
import io.peanutcache.spi.PeanutCachingProvider;
import java.net.URI;
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
 * <p><b>Regions</b> are made on first use, with statistics on, and take the per-cache settings
 * given for their names ({@code peanutcache.cache.<region>.maximum-entries}, {@code expiry},
 * {@code hot-cache}). Reads and puts that fail are misses: a cache problem never fails the
 * application's transaction (see {@link RegionStorage}).
 */
public class PeanutRegionFactory extends JCacheRegionFactory {

  /** The short name of this factory for {@code hibernate.cache.region.factory_class}. */
  public static final String SHORT_NAME = "peanutcache";

  /** The CacheManager's name in the cluster when neither the properties nor a file name one. */
  public static final String DEFAULT_MANAGER = "urn:peanutcache:hibernate";

  private static final String NODE_SETTING_PREFIX = "peanutcache.";
  private static final AtomicInteger MANAGERS = new AtomicInteger();

  /** Whether this factory made its CacheManager, and so closes it. */
  private volatile boolean ownsManager;

  @Override
  protected CacheManager resolveCacheManager(SessionFactoryOptions settings,
      Map<String, Object> properties) {
    if (properties.get(ConfigSettings.CACHE_MANAGER) != null) {
      ownsManager = false;
      return super.resolveCacheManager(settings, properties);
    }
    CachingProvider provider = getCachingProvider(properties);
    URI uri = getUri(settings, properties);
    Properties managerProperties = nodeSettings(properties);
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
      if (key.startsWith(NODE_SETTING_PREFIX) && value != null) {
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
   * Makes a region's cache, with statistics on; the manager lays the per-cache settings given for
   * the name over this. When the cache exists already (made by another session factory, or by
   * another node at the same moment), that one is used.
   */
  @Override
  protected Cache<Object, Object> createCache(String regionName) {
    CacheManager manager = getCacheManager();
    MutableConfiguration<Object, Object> configuration =
        new MutableConfiguration<>().setStatisticsEnabled(true);
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

  /** Closes the CacheManager if this factory made it; one that was supplied stays open. */
  @Override
  protected void releaseFromUse() {
    if (ownsManager) {
      super.releaseFromUse();
    }
  }
}
