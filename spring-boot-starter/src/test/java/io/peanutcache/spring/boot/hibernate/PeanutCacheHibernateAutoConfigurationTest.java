package io.peanutcache.spring.boot.hibernate;

import static org.assertj.core.api.Assertions.assertThat;

import io.peanutcache.hibernate.PeanutRegionFactory;
import io.peanutcache.jcache.PeanutCacheManager;
import io.peanutcache.spring.boot.PeanutCacheAutoConfiguration;
import jakarta.persistence.EntityManagerFactory;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.UUID;
import javax.sql.DataSource;
import org.hibernate.SessionFactory;
import org.hibernate.cache.spi.CacheImplementor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import io.micrometer.core.instrument.MeterRegistry;
import io.peanutcache.spring.boot.actuate.PeanutCacheMetricsAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration;
import org.springframework.boot.cache.autoconfigure.metrics.CacheMetricsAutoConfiguration;
import org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.persistence.autoconfigure.EntityScan;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Spring Boot's Hibernate with the starter and the PeanutCache Hibernate adapter: the second-level
 * cache is on the starter's node, against a PostgreSQL database of the test's own.
 */
class PeanutCacheHibernateAutoConfigurationTest {

  private static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/";
  private static final String DATABASE = "starter_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

  @BeforeAll
  static void createDatabase() throws Exception {
    execute("CREATE DATABASE " + DATABASE);
  }

  @AfterAll
  static void dropDatabase() throws Exception {
    execute("DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)");
  }

  private static void execute(String sql) throws Exception {
    try (Connection connection = DriverManager.getConnection(SERVER + "test", "postgres", "");
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  @Configuration(proxyBeanMethods = false)
  @EntityScan(basePackageClasses = Shelf.class)
  static class Database {
    @Bean
    DataSource dataSource() {
      PGSimpleDataSource dataSource = new PGSimpleDataSource();
      dataSource.setUrl(SERVER + DATABASE);
      dataSource.setUser("postgres");
      return dataSource;
    }
  }

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(PeanutCacheAutoConfiguration.class,
          PeanutCacheHibernateAutoConfiguration.class, HibernateJpaAutoConfiguration.class))
      .withUserConfiguration(Database.class)
      .withPropertyValues("spring.jpa.hibernate.ddl-auto=create-drop");

  private static SessionFactory sessionFactory(org.springframework.context.ApplicationContext context) {
    return context.getBean(EntityManagerFactory.class).unwrap(SessionFactory.class);
  }

  @Test
  void entitiesAreCachedOnTheStartersNodeAndTheNodeOutlivesNothingItShouldNot() {
    PeanutCacheManager[] jcache = new PeanutCacheManager[1];
    runner.withPropertyValues("peanutcache.cache.shelves.maximum-entries=50").run(context -> {
      assertThat(context).hasNotFailed();
      jcache[0] = context.getBean(PeanutCacheManager.class);
      SessionFactory sessions = sessionFactory(context);
      PeanutRegionFactory regions = (PeanutRegionFactory) sessions.getCache()
          .unwrap(CacheImplementor.class).getRegionFactory();
      assertThat(regions.getCacheManager()).as("the starter's manager").isSameAs(jcache[0]);

      sessions.inTransaction(session -> session.persist(new Shelf(1L, "fiction")));
      sessions.inTransaction(session -> session.find(Shelf.class, 1L));
      long hits = sessions.getStatistics().getSecondLevelCacheHitCount();
      String label = sessions.fromTransaction(session -> session.find(Shelf.class, 1L).getLabel());
      assertThat(label).isEqualTo("fiction");
      assertThat(jcache[0].getCacheNames()).contains("shelves");
      assertThat(jcache[0].getCache("shelves").getConfiguration(io.peanutcache.PeanutConfiguration.class)
          .getMaximumEntries()).as("tuned like any cache of the starter").hasValue(50);
    });
    assertThat(jcache[0].isClosed()).as("closed once, by the starter, with the context").isTrue();
  }

  @Test
  void theRegionsHaveSpringBootsCacheMetersLikeAnyCacheOfTheNode() {
    runner.withConfiguration(AutoConfigurations.of(CacheAutoConfiguration.class,
            PeanutCacheMetricsAutoConfiguration.class, MetricsAutoConfiguration.class,
            CompositeMeterRegistryAutoConfiguration.class,
            SimpleMetricsExportAutoConfiguration.class, CacheMetricsAutoConfiguration.class))
        .withUserConfiguration(CachingOn.class)
        .run(context -> {
          assertThat(context).hasNotFailed();
          SessionFactory sessions = sessionFactory(context);
          sessions.inTransaction(session -> session.persist(new Shelf(2L, "poetry")));
          sessions.inTransaction(session -> session.find(Shelf.class, 2L));
          MeterRegistry registry = context.getBean(MeterRegistry.class);

          assertThat(registry.get("cache.gets").tag("cache", "shelves").tag("result", "hit")
              .functionCounter().count()).as("the region's hits").isPositive();
        });
  }

  @Configuration(proxyBeanMethods = false)
  @EnableCaching
  static class CachingOn {}

  @Test
  void anotherRegionFactoryTheApplicationNamesIsLeftAlone() {
    runner.withPropertyValues("spring.jpa.properties.hibernate.cache.region.factory_class=org.hibernate.cache.internal.NoCachingRegionFactory")
        .run(context -> {
          assertThat(context).hasNotFailed();
          assertThat(sessionFactory(context).getCache().unwrap(CacheImplementor.class)
              .getRegionFactory()).isNotInstanceOf(PeanutRegionFactory.class);
        });
  }

  @Test
  void withoutTheAdapterNothingIsConfigured() {
    runner.withClassLoader(new FilteredClassLoader(PeanutRegionFactory.class)).run(context ->
        assertThat(context).doesNotHaveBean(PeanutCacheHibernateAutoConfiguration.class));
  }
}
