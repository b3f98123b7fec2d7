package io.peanutcache.hibernate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peanutcache.PeanutConfiguration;
import io.peanutcache.hibernate.shop.Ledger;
import io.peanutcache.hibernate.shop.Note;
import io.peanutcache.hibernate.shop.Product;
import io.peanutcache.hibernate.shop.Review;
import io.peanutcache.spi.PeanutCachingProvider;
import java.net.URI;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.expiry.CreatedExpiryPolicy;
import org.hibernate.SessionFactory;
import org.hibernate.cfg.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** How the region factory is selected, finds its CacheManager and makes its regions. */
class RegionFactoryTest {

  @RegisterExtension
  static final PostgresDatabase DATABASE = new PostgresDatabase();

  private Configuration shop(Properties extra) {
    Properties properties = new Properties();
    properties.setProperty("hibernate.connection.url", DATABASE.url());
    properties.setProperty("hibernate.connection.username", DATABASE.user());
    properties.setProperty("hibernate.hbm2ddl.auto", "create-drop");
    properties.setProperty("hibernate.cache.use_second_level_cache", "true");
    properties.setProperty("hibernate.cache.region.factory_class", "peanutcache");
    properties.putAll(extra);
    return new Configuration().addAnnotatedClass(Product.class).addAnnotatedClass(Review.class)
        .addAnnotatedClass(Note.class).addProperties(properties);
  }

  private static CacheManager cacheManager(SessionFactory factory) {
    return ((PeanutRegionFactory) factory.getCache().unwrap(org.hibernate.cache.spi.CacheImplementor.class)
        .getRegionFactory()).getCacheManager();
  }

  @Test
  void theShortNameSelectsAnEmbeddedNodeThatClosesWithTheSessionFactory() {
    CacheManager manager;
    try (SessionFactory factory = shop(new Properties()).buildSessionFactory()) {
      manager = cacheManager(factory);
      factory.inTransaction(session -> session.persist(new Note(1L, "hello")));
      String text = factory.fromTransaction(session -> session.find(Note.class, 1L).getText());
      assertThat(text).isEqualTo("hello");
      assertThat(manager.getCacheNames()).contains("products", "notes", "reviews",
          "product-reviews", "product-skus");
      assertThat(manager.unwrap(io.peanutcache.jcache.PeanutCacheManager.class).identity())
          .isEqualTo(PeanutRegionFactory.DEFAULT_MANAGER);
    }
    assertThat(manager.isClosed()).as("the manager the factory made").isTrue();
  }

  @Test
  void everyRegionIsAPeanutCacheCacheInJmx() throws Exception {
    try (SessionFactory factory = shop(new Properties()).buildSessionFactory()) {
      javax.management.MBeanServer server = java.lang.management.ManagementFactory.getPlatformMBeanServer();
      java.net.URI manager = cacheManager(factory).getURI();
      for (String region : new String[] {"products", "notes", "product-reviews"}) {
        assertThat(server.isRegistered(io.peanutcache.management.MBeanRegistry.objectName(manager,
            region, io.peanutcache.management.MBeanKind.STATISTICS)))
            .as("statistics MXBean of region %s", region).isTrue();
      }
    }
  }

  @Test
  void aSuppliedCacheManagerIsUsedAndStaysOpen() {
    CacheManager supplied = Caching.getCachingProvider(PeanutCachingProvider.class.getName())
        .getCacheManager(URI.create("urn:peanutcache:supplied-to-hibernate"), getClass().getClassLoader());
    try {
      Properties properties = new Properties();
      properties.put("hibernate.javax.cache.cache_manager", supplied);
      try (SessionFactory factory = shop(properties).buildSessionFactory()) {
        assertThat(cacheManager(factory)).isSameAs(supplied);
        factory.inTransaction(session -> session.persist(new Note(2L, "kept")));
        factory.fromTransaction(session -> session.find(Note.class, 2L));
      }
      assertThat(supplied.isClosed()).isFalse();
      assertThat(supplied.getCache("notes")).as("its regions stay open too").isNotNull();
      supplied.getCache("notes").put("after", "close");
    } finally {
      supplied.close();
    }
  }

  @Test
  void aClasspathSettingsFileTunesTheRegions() {
    Properties properties = new Properties();
    properties.setProperty("hibernate.javax.cache.uri", "classpath:hibernate-peanutcache.properties");
    try (SessionFactory factory = shop(properties).buildSessionFactory()) {
      CacheManager manager = cacheManager(factory);
      assertThat(configuration(manager, "products").getMaximumEntries()).isEqualTo(OptionalLong.of(5));
      assertThat(configuration(manager, "notes").getExpiryPolicyFactory()).isEqualTo(
          CreatedExpiryPolicy.factoryOf(new javax.cache.expiry.Duration(TimeUnit.MINUTES, 10)));
      assertThat(configuration(manager, "notes").isStatisticsEnabled()).isTrue();
    }
  }

  @Test
  void perRegionSettingsComeFromTheHibernateProperties() {
    Properties properties = new Properties();
    properties.setProperty("peanutcache.cache.reviews.maximum-entries", "7");
    properties.setProperty("peanutcache.cache.products.hot-cache", "100 1s");
    try (SessionFactory factory = shop(properties).buildSessionFactory()) {
      CacheManager manager = cacheManager(factory);
      assertThat(configuration(manager, "reviews").getMaximumEntries()).isEqualTo(OptionalLong.of(7));
      assertThat(configuration(manager, "products").getHotCacheMaximumEntries())
          .isEqualTo(OptionalLong.of(100));
    }
  }

  @Test
  void aWrongNodeSettingStopsTheSessionFactoryNamingIt() {
    Properties properties = new Properties();
    properties.setProperty("peanutcache.rpc.timeout", "soon");
    assertThatThrownBy(() -> shop(properties).buildSessionFactory().close())
        .hasStackTraceContaining("peanutcache.rpc.timeout");
  }

  @Test
  void theLockTimeoutIsASetting() {
    Properties properties = new Properties();
    properties.setProperty(PeanutRegionFactory.LOCK_TIMEOUT, "3s");
    try (SessionFactory factory = shop(properties).buildSessionFactory()) {
      assertThat(factory.getCache().unwrap(org.hibernate.cache.spi.CacheImplementor.class)
          .getRegionFactory().getTimeout()).isEqualTo(3000L << 12);
    }
    properties.setProperty(PeanutRegionFactory.LOCK_TIMEOUT, "soon");
    assertThatThrownBy(() -> shop(properties).buildSessionFactory().close())
        .hasStackTraceContaining("peanutcache.hibernate.lock-timeout=soon");
  }

  @Test
  void transactionalIsRefusedNamingTheEntityAndTheSupportedStrategies() {
    Configuration configuration = shop(new Properties()).addAnnotatedClass(Ledger.class);
    assertThatThrownBy(() -> configuration.buildSessionFactory().close())
        .hasStackTraceContaining(Ledger.class.getName())
        .hasStackTraceContaining("transactional is not supported")
        .hasStackTraceContaining("use read-only, nonstrict-read-write or read-write");
  }

  private static PeanutConfiguration<?, ?> configuration(CacheManager manager, String name) {
    return manager.getCache(name).getConfiguration(PeanutConfiguration.class);
  }
}
