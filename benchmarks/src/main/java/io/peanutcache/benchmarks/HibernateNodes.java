package io.peanutcache.benchmarks;

import io.peanutcache.hibernate.storage.RegionStorage;
import io.peanutcache.testing.FreePorts;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.cache.Cache;
import org.hibernate.SessionFactory;
import org.hibernate.cache.jcache.internal.JCacheAccessImpl;
import org.hibernate.cache.spi.access.EntityDataAccess;
import org.hibernate.cache.spi.support.DomainDataRegionTemplate;
import org.hibernate.cache.spi.support.DomainDataStorageAccess;
import org.hibernate.cfg.Configuration;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.persister.entity.EntityPersister;

/**
 * Hibernate session factories of {@link Product} over one PostgreSQL database of their own
 * ({@link BenchDatabase}), with the second-level cache on and the query cache off:
 *
 * <ul>
 *   <li>{@link #peanutCache}: three session factories, each the application of one PeanutCache
 *       node in this JVM ({@code hibernate.cache.region.factory_class=peanutcache}, a static peer
 *       list on free loopback ports), as the adapter's own cluster tests run them;
 *   <li>{@link #caffeine}: one session factory with Hibernate's {@code jcache} region factory over
 *       Caffeine's JCache provider, local only.
 * </ul>
 *
 * <p>Every factory has statistics on ({@code hibernate.generate_statistics}), which the benchmark
 * reads to check that finds are hits and run no SQL, and the per-session metrics log off.
 */
final class HibernateNodes implements AutoCloseable {

  /**
   * PeanutCache and gRPC log through java.util.logging; their INFO lines (a node listening, the
   * cluster's clock) would land between JMH's iteration lines. Held here so the levels stick.
   */
  private static final List<Logger> QUIET = List.of(
      Logger.getLogger("io.peanutcache"), Logger.getLogger("io.grpc"));

  private final BenchDatabase database;
  private final List<SessionFactory> factories = new ArrayList<>();
  private final List<String> addresses;

  private HibernateNodes(List<String> addresses) {
    QUIET.forEach(logger -> logger.setLevel(Level.WARNING));
    this.addresses = addresses;
    this.database = new BenchDatabase();
  }

  /**
   * Three session factories on a three-node PeanutCache cluster; the first creates the schema.
   *
   * @param hotCache the region's hot cache as {@code peanutcache.cache.<region>.hot-cache} takes
   *     it ({@code 10000 5s}), or null for none
   */
  static HibernateNodes peanutCache(String hotCache) {
    HibernateNodes nodes = new HibernateNodes(FreePorts.loopbackAddresses(ThreeNodeCluster.SIZE));
    try {
      for (int i = 0; i < ThreeNodeCluster.SIZE; i++) {
        Properties properties = nodes.common(i == 0);
        properties.setProperty("hibernate.cache.region.factory_class", "peanutcache");
        properties.setProperty("peanutcache.bind", nodes.addresses.get(i));
        properties.setProperty("peanutcache.peers", String.join(",", nodes.addresses));
        if (hotCache != null) {
          properties.setProperty("peanutcache.cache." + Product.REGION + ".hot-cache", hotCache);
        }
        nodes.factories.add(build(properties));
      }
    } catch (RuntimeException e) {
      nodes.close();
      throw e;
    }
    return nodes;
  }

  /** One session factory with Hibernate's {@code jcache} region factory over Caffeine's provider. */
  static HibernateNodes caffeine() {
    HibernateNodes nodes = new HibernateNodes(List.of());
    try {
      Properties properties = nodes.common(true);
      properties.setProperty("hibernate.cache.region.factory_class", "jcache");
      properties.setProperty("hibernate.javax.cache.provider",
          "com.github.benmanes.caffeine.jcache.spi.CaffeineCachingProvider");
      properties.setProperty("hibernate.javax.cache.missing_cache_strategy", "create");
      nodes.factories.add(build(properties));
    } catch (RuntimeException e) {
      nodes.close();
      throw e;
    }
    return nodes;
  }

  private Properties common(boolean createSchema) {
    Properties properties = new Properties();
    properties.setProperty("hibernate.connection.url", database.url());
    properties.setProperty("hibernate.connection.username", BenchDatabase.USER);
    properties.setProperty("hibernate.connection.pool_size", "4");
    properties.setProperty("hibernate.hbm2ddl.auto", createSchema ? "create" : "none");
    properties.setProperty("hibernate.jdbc.batch_size", "100");
    properties.setProperty("hibernate.cache.use_second_level_cache", "true");
    properties.setProperty("hibernate.cache.use_query_cache", "false");
    properties.setProperty("hibernate.generate_statistics", "true");
    properties.setProperty("hibernate.session.events.log", "false");
    properties.setProperty("hibernate.show_sql", "false");
    return properties;
  }

  private static SessionFactory build(Properties properties) {
    return new Configuration().addAnnotatedClass(Product.class).addProperties(properties)
        .buildSessionFactory();
  }

  /** The database's name. */
  String databaseName() {
    return database.name();
  }

  /** How many session factories (nodes) there are: 3 or 1. */
  int size() {
    return factories.size();
  }

  /** The session factory of node {@code index}. */
  SessionFactory factory(int index) {
    return factories.get(index);
  }

  /** The loopback address of node {@code index}'s PeanutCache node. */
  String address(int index) {
    return addresses.get(index);
  }

  /** Node {@code index}'s access to the product region, as {@code session.find} uses it. */
  EntityDataAccess access(int index) {
    return persister(index).getCacheAccessStrategy();
  }

  /** Hibernate's second-level cache key of product {@code id} on node {@code index}. */
  Object cacheKey(int index, long id) {
    SessionFactoryImplementor factory = factories.get(index).unwrap(SessionFactoryImplementor.class);
    return access(index).generateCacheKey(id, persister(index), factory, null);
  }

  /** The JCache cache under node {@code index}'s product region. */
  Cache<Object, Object> regionCache(int index) {
    DomainDataStorageAccess storage =
        ((DomainDataRegionTemplate) access(index).getRegion()).getCacheStorageAccess();
    if (storage instanceof RegionStorage peanut) {
      return peanut.cache();
    }
    if (storage instanceof JCacheAccessImpl jcache) {
      return jcache.getUnderlyingCache();
    }
    throw new IllegalStateException("the product region's storage is a " + storage.getClass().getName());
  }

  private EntityPersister persister(int index) {
    return factories.get(index).unwrap(SessionFactoryImplementor.class).getMappingMetamodel()
        .getEntityDescriptor(Product.class);
  }

  /** Closes the session factories, the last first (each closes its node), and drops the database. */
  @Override
  public void close() {
    RuntimeException failure = null;
    for (int i = factories.size() - 1; i >= 0; i--) {
      try {
        factories.get(i).close();
      } catch (RuntimeException e) {
        failure = failure == null ? e : failure;
      }
    }
    factories.clear();
    try {
      database.close();
    } catch (RuntimeException e) {
      failure = failure == null ? e : failure;
    }
    if (failure != null) {
      throw failure;
    }
  }
}
