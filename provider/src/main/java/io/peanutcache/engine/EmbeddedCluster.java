package io.peanutcache.engine;

import io.peanutcache.management.CacheStatistics;
import io.peanutcache.management.ClusterStatistics;
import java.util.List;
import java.util.Map;

/**
 * The cluster of a cache that lives in this JVM alone: this node, named {@value #NODE_NAME}, owns
 * every key, and the cluster's statistics are those of the handle asking.
 *
 * @param <K> the type of keys
 */
public final class EmbeddedCluster<K> implements ClusterOperations<K> {

  /** The name every key's owner has in a cache that is not clustered. */
  public static final String NODE_NAME = "embedded";

  @Override
  public String ownerOf(K key) {
    return NODE_NAME;
  }

  @Override
  public boolean ownsKey(K key) {
    return true;
  }

  @Override
  public ClusterStatistics clusterStatistics(CacheStatistics own) {
    return ClusterStatistics.of(Map.of(NODE_NAME, ClusterStatistics.shareOf(List.of(own))));
  }

  @Override
  public String toString() {
    return "EmbeddedCluster";
  }
}
