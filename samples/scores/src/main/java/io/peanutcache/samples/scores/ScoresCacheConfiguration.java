package io.peanutcache.samples.scores;

import io.peanutcache.PeanutConfiguration;
import javax.cache.configuration.Factory;
import javax.cache.integration.CacheLoader;

/** The configuration of the {@code scores} cache: scores as text by name, read through a loader. */
final class ScoresCacheConfiguration {

  /** The name of the cache, as the original demo's group. */
  static final String CACHE_NAME = "scores";

  private ScoresCacheConfiguration() {}

  /**
   * A read-through, store-by-value configuration with statistics on. Every node creates the cache
   * with this configuration and an equal loader factory, so the nodes join one cache; the
   * configuration crosses the network when the cache is defined on the other nodes.
   *
   * @param loader makes each node's loader of missing scores; serializable, as JSR-107 wants
   * @return a new configuration
   */
  static PeanutConfiguration<String, String> readingThrough(
      Factory<CacheLoader<String, String>> loader) {
    PeanutConfiguration<String, String> configuration = new PeanutConfiguration<>();
    configuration.setTypes(String.class, String.class);
    addStoreByValue(configuration);
    addReadThrough(configuration, loader);
    addStatistics(configuration);
    return configuration;
  }

  /** Values are copied in and out as bytes, so a caller can never change a cached score. */
  private static void addStoreByValue(PeanutConfiguration<String, String> configuration) {
    configuration.setStoreByValue(true);
  }

  /**
   * A miss is loaded on the key's owner node, by that node's loader, once for all the callers that
   * miss together on any node, and the owner keeps the result.
   */
  private static void addReadThrough(PeanutConfiguration<String, String> configuration,
      Factory<CacheLoader<String, String>> loader) {
    configuration.setCacheLoaderFactory(loader);
    configuration.setReadThrough(true);
  }

  /** Counts the hits, misses and gets made through each node's handle, reported when it stops. */
  private static void addStatistics(PeanutConfiguration<String, String> configuration) {
    configuration.setStatisticsEnabled(true);
  }
}
