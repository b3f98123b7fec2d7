package io.peanutcache.engine;

import io.peanutcache.management.CacheStatistics;
import io.peanutcache.management.ClusterStatistics;
import io.peanutcache.settings.NodeSettings;
import java.util.List;
import java.util.Map;

/**
 * The cluster of a cache that lives in this JVM alone: this node, named as an embedded node is
 * ({@value NodeSettings#EMBEDDED_NODE_NAME}), owns every key, and the cluster's statistics are
 * those of the handle asking.
 *
 * @param <K> the type of keys
 */
public final class EmbeddedCluster<K> implements ClusterOperations<K> {

  @Override
  public String ownerOf(K key) {
    return NodeSettings.EMBEDDED_NODE_NAME;
  }

  @Override
  public boolean ownsKey(K key) {
    return true;
  }

  @Override
  public ClusterStatistics clusterStatistics(CacheStatistics own) {
    return ClusterStatistics.of(
        Map.of(NodeSettings.EMBEDDED_NODE_NAME, ClusterStatistics.shareOf(List.of(own))));
  }

  @Override
  public String toString() {
    return "EmbeddedCluster";
  }
}
