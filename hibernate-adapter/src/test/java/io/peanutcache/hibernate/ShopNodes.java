package io.peanutcache.hibernate;

import io.peanutcache.hibernate.shop.Note;
import io.peanutcache.hibernate.shop.Product;
import io.peanutcache.hibernate.shop.Review;
import io.peanutcache.testing.FreePorts;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import java.util.function.Function;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.cfg.Configuration;

/**
 * Session factories of the shop on one database, each the application of one node of a
 * PeanutCache cluster with a static peer list on free loopback ports, in this JVM.
 */
final class ShopNodes implements AutoCloseable {

  /** Which region factory the nodes use. */
  enum Factory {
    /** This adapter, by its short name. */
    PEANUTCACHE,
    /** Hibernate's own {@code jcache} region factory, over PeanutCache as the JCache provider. */
    STOCK_JCACHE
  }

  private final List<SessionFactory> factories = new ArrayList<>();
  private final List<Path> settingsFiles = new ArrayList<>();

  private ShopNodes() {
  }

  /**
   * Starts {@code size} session factories that form one cluster, all at once
   * ({@link SessionFactories#buildTogether}); the first creates the schema.
   *
   * @param extra more Hibernate properties for every node
   */
  static ShopNodes start(PostgresDatabase database, int size, Factory factory,
      Map<String, String> extra) throws IOException {
    ShopNodes nodes = new ShopNodes();
    List<String> addresses = FreePorts.loopbackAddresses(size);
    List<Configuration> configurations = new ArrayList<>();
    try {
      for (int i = 0; i < size; i++) {
        Properties properties = new Properties();
        properties.setProperty("hibernate.connection.url", database.url());
        properties.setProperty("hibernate.connection.username", database.user());
        properties.setProperty("hibernate.connection.pool_size", "8");
        properties.setProperty("hibernate.hbm2ddl.auto", i == 0 ? "create" : "none");
        properties.setProperty("hibernate.cache.use_second_level_cache", "true");
        properties.setProperty("hibernate.cache.use_query_cache", "true");
        properties.setProperty("hibernate.generate_statistics", "true");
        properties.setProperty("hibernate.show_sql", "false");
        Map<String, String> node = Map.of("peanutcache.bind", addresses.get(i),
            "peanutcache.peers", String.join(",", addresses),
            "peanutcache.node.name", "node-" + (char) ('a' + i));
        if (factory == Factory.PEANUTCACHE) {
          properties.setProperty("hibernate.cache.region.factory_class", "peanutcache");
          properties.putAll(node);
        } else {
          properties.setProperty("hibernate.cache.region.factory_class", "jcache");
          properties.setProperty("hibernate.javax.cache.provider",
              "io.peanutcache.spi.PeanutCachingProvider");
          properties.setProperty("hibernate.javax.cache.missing_cache_strategy", "create");
          properties.setProperty("hibernate.javax.cache.uri", nodes.settingsFile(node).toUri().toString());
        }
        properties.putAll(extra);
        configurations.add(new Configuration()
            .addAnnotatedClass(Product.class)
            .addAnnotatedClass(Review.class)
            .addAnnotatedClass(Note.class)
            .addProperties(properties));
      }
      nodes.factories.addAll(SessionFactories.buildTogether(configurations));
    } catch (IOException | RuntimeException e) {
      nodes.close();
      throw e;
    }
    return nodes;
  }

  /** A PeanutCache settings file for Hibernate's own factory, which passes no properties. */
  private Path settingsFile(Map<String, String> node) throws IOException {
    Path file = Files.createTempFile("peanutcache-hibernate-", ".properties");
    settingsFiles.add(file);
    Properties settings = new Properties();
    settings.putAll(node);
    settings.setProperty("peanutcache.manager", "urn:peanutcache:hibernate-stock");
    // Hibernate's own factory stores the adapter's Hibernate classes and its own soft locks
    List<String> allowed = new ArrayList<>(SerializedClasses.PATTERNS);
    allowed.add("org.hibernate.cache.spi.support.AbstractReadWriteAccess$Item");
    allowed.add("org.hibernate.cache.spi.support.AbstractReadWriteAccess$SoftLockImpl");
    settings.setProperty("peanutcache.serialization.allow", String.join(",", allowed));
    try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      settings.store(out, null);
    }
    return file;
  }

  /** The session factory of node {@code index}. */
  SessionFactory node(int index) {
    return factories.get(index);
  }

  /** Runs {@code work} in a transaction on node {@code index}. */
  void inTransaction(int index, Consumer<Session> work) {
    factories.get(index).inTransaction(work);
  }

  /** Runs {@code work} in a transaction on node {@code index} and returns what it returns. */
  <T> T fromTransaction(int index, Function<Session, T> work) {
    return factories.get(index).fromTransaction(work);
  }

  @Override
  public void close() {
    for (int i = factories.size() - 1; i >= 0; i--) {
      factories.get(i).close();
    }
    for (Path file : settingsFiles) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException ignored) {
        // a temporary file
      }
    }
  }
}
