package io.peanutcache.samples.scores.database;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;
import javax.cache.configuration.Factory;
import javax.cache.integration.CacheLoader;

/**
 * Makes each node's {@link DatabaseScoreLoader}. It is the {@code Factory} in the cache's
 * configuration, so it crosses the network when a cache created on one node is defined on the
 * others: it is serializable and holds only the JDBC URL and the query delay, the same on every
 * node. Two factories of the same database are equal, so the configurations every node creates the
 * cache with are equal and join one cache.
 *
 * <p>The loader it makes is told which node it runs on, read from the {@link NodeClassLoader} that
 * PeanutCache makes the thread's context class loader while it builds a node's loader.
 *
 * @param jdbcUrl the database every node's loader queries
 * @param queryDelay how long each query takes
 */
public record ScoreLoaderFactory(String jdbcUrl, Duration queryDelay)
    implements Factory<CacheLoader<String, String>>, Serializable {

  private static final long serialVersionUID = 1L;

  /**
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code queryDelay} is negative
   */
  public ScoreLoaderFactory {
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    Objects.requireNonNull(queryDelay, "queryDelay");
    if (queryDelay.isNegative()) {
      throw new IllegalArgumentException(
          "queryDelay is " + queryDelay.toMillis() + " ms; allowed: 0 ms or more");
    }
  }

  /**
   * A loader of scores from the database, for the node being set up on this thread.
   *
   * @return a new loader
   */
  @Override
  public CacheLoader<String, String> create() {
    return new DatabaseScoreLoader(jdbcUrl, queryDelay, NodeClassLoader.ofCurrentThread().orElse(null));
  }
}
