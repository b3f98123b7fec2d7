package io.peanutcache.hibernate;

import static org.assertj.core.api.Assertions.assertThat;

import io.peanutcache.cluster.Nodes;
import io.peanutcache.codec.AllowList;
import io.peanutcache.spi.PeanutCachingProvider;
import io.peanutcache.testing.FreePorts;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import javax.cache.CacheManager;
import javax.cache.Caching;
import org.example.garden.Bed;
import org.example.garden.Plot;
import org.example.garden.PlotId;
import org.example.garden.Soil;
import org.hibernate.SessionFactory;
import org.hibernate.cache.spi.CacheImplementor;
import org.hibernate.cfg.Configuration;
import org.hibernate.stat.Statistics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two session factories, each on its own PeanutCache node, caching an entity of an application
 * package outside PeanutCache's ({@code org.example.garden}) whose cached state holds the
 * application's enum, in an embeddable, under a composite id. Hibernate's classes are allowed by
 * the adapter; the application's by {@code peanutcache.serialization.allow} among the Hibernate
 * properties, whether the factory makes the node's CacheManager or is given one.
 */
class ApplicationTypesClusterTest {

  @RegisterExtension
  static final PostgresDatabase DATABASE = new PostgresDatabase();

  private static final String GARDEN = "org.example.garden.**";
  private static final PlotId PLOT = new PlotId("north", 1);

  private final List<SessionFactory> factories = new ArrayList<>();
  private final List<CacheManager> supplied = new ArrayList<>();

  @AfterEach
  void stop() {
    for (int i = factories.size() - 1; i >= 0; i--) {
      factories.get(i).close();
    }
    supplied.forEach(CacheManager::close);
  }

  @Test
  void aPlotCachedOnOneNodeIsAHitOnTheOtherWhenTheSettingAllowsItsPackage() {
    List<String> addresses = FreePorts.loopbackAddresses(2);
    List<Properties> nodes = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      Properties properties = nodeSettings(addresses, i);
      properties.setProperty(AllowList.SETTING, GARDEN);
      nodes.add(properties);
    }
    start(nodes);

    assertThat(hitsOnTheOtherNode()).isEqualTo(1);
    for (SessionFactory factory : factories) {
      assertThat(Nodes.of(cacheManager(factory)).allowList().patterns())
          .contains(GARDEN).containsAll(SerializedClasses.PATTERNS);
    }
  }

  @Test
  void withoutTheSettingAPlotIsReadFromTheDatabaseOnTheOtherNode() {
    List<String> addresses = FreePorts.loopbackAddresses(2);
    start(List.of(nodeSettings(addresses, 0), nodeSettings(addresses, 1)));

    assertThat(hitsOnTheOtherNode()).as("the application's enum is refused: a miss").isZero();
  }

  @Test
  void aSuppliedClusteredCacheManagerGetsTheAdaptersPatternsAndTheApplications() {
    List<String> addresses = FreePorts.loopbackAddresses(2);
    List<Properties> nodes = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      Properties node = new Properties();
      node.setProperty("peanutcache.bind", addresses.get(i));
      node.setProperty("peanutcache.peers", String.join(",", addresses));
      node.setProperty("peanutcache.manager", "urn:garden");
      CacheManager manager = Caching.getCachingProvider(PeanutCachingProvider.class.getName())
          .getCacheManager(URI.create("urn:garden:" + i), getClass().getClassLoader(), node);
      supplied.add(manager);
      Properties properties = new Properties();
      properties.put("hibernate.javax.cache.cache_manager", manager);
      properties.put(AllowList.SETTING, List.of(GARDEN));
      nodes.add(properties);
    }
    start(nodes);

    assertThat(hitsOnTheOtherNode()).isEqualTo(1);
    for (CacheManager manager : supplied) {
      assertThat(Nodes.of(manager).allowList().patterns())
          .contains(GARDEN).containsAll(SerializedClasses.PATTERNS);
    }
  }

  /**
   * Stores a plot on node 0, reads it there so that it is cached, then reads it on node 1.
   *
   * @return the hits of the plots region on node 1
   */
  private long hitsOnTheOtherNode() {
    factories.get(0).inTransaction(session ->
        session.persist(new Plot(PLOT, new Bed(Soil.LOAM, 30), "beans")));
    factories.get(0).fromTransaction(session -> session.find(Plot.class, PLOT));
    awaitClusterTimePast(regionFactory(factories.get(1)), regionFactory(factories.get(0)));
    Statistics statistics = factories.get(1).getStatistics();

    Plot plot = factories.get(1).fromTransaction(session -> session.find(Plot.class, PLOT));

    assertThat(plot.getCrop()).isEqualTo("beans");
    assertThat(plot.getBed().getSoil()).isEqualTo(Soil.LOAM);
    assertThat(plot.getBed().getDepth()).isEqualTo(30);
    return statistics.getDomainDataRegionStatistics("plots").getHitCount();
  }

  /**
   * Waits until {@code later}'s cluster time has passed {@code earlier}'s now, so that a
   * transaction that begins on it next began after what {@code earlier} cached: each node's
   * cluster time is the reference's within its own readings' error (which it logs at start), and
   * a read-write region hides from a transaction what was cached after it began.
   */
  private static void awaitClusterTimePast(PeanutRegionFactory later, PeanutRegionFactory earlier) {
    long now = earlier.nextTimestamp();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (later.nextTimestamp() <= now) {
      assertThat(System.nanoTime() - deadline)
          .as("the nodes' cluster times are more than 10 s apart").isNegative();
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
    }
  }

  private static Properties nodeSettings(List<String> addresses, int index) {
    Properties properties = new Properties();
    properties.setProperty("peanutcache.bind", addresses.get(index));
    properties.setProperty("peanutcache.peers", String.join(",", addresses));
    properties.setProperty("peanutcache.node.name", "garden-" + index);
    return properties;
  }

  /**
   * Starts the session factories of the nodes, each with its {@code extra} properties, all at
   * once ({@link SessionFactories#buildTogether}); the first one makes the schema.
   */
  private void start(List<Properties> extra) {
    List<Configuration> configurations = new ArrayList<>();
    for (int index = 0; index < extra.size(); index++) {
      Properties properties = new Properties();
      properties.setProperty("hibernate.connection.url", DATABASE.url());
      properties.setProperty("hibernate.connection.username", DATABASE.user());
      properties.setProperty("hibernate.hbm2ddl.auto", index == 0 ? "create" : "none");
      properties.setProperty("hibernate.cache.use_second_level_cache", "true");
      properties.setProperty("hibernate.cache.region.factory_class", "peanutcache");
      properties.setProperty("hibernate.generate_statistics", "true");
      properties.putAll(extra.get(index));
      configurations.add(new Configuration().addAnnotatedClass(Plot.class).addProperties(properties));
    }
    factories.addAll(SessionFactories.buildTogether(configurations));
  }

  private static CacheManager cacheManager(SessionFactory factory) {
    return regionFactory(factory).getCacheManager();
  }

  private static PeanutRegionFactory regionFactory(SessionFactory factory) {
    return (PeanutRegionFactory) factory.getCache().unwrap(CacheImplementor.class)
        .getRegionFactory();
  }
}
