package io.peanutcache.engine;

import io.peanutcache.management.CacheStatistics;
import io.peanutcache.management.ClusterStatistics;

/**
 * What a cache handle tells of the cluster its cache lives in, beyond the JCache operations
 * ({@link CacheOperations}): which node owns a key, and the statistics of every node's handles.
 * A cache that lives in this JVM alone answers with {@link EmbeddedCluster}.
 *
 * @param <K> the type of keys
 */
public interface ClusterOperations<K> {

  /**
   * The name of the node that owns {@code key}: where its entry lives and its operations run.
   *
   * @param key the key
   * @return the owner's member name; {@code "embedded"} for a cache that is not clustered
   */
  String ownerOf(K key);

  /**
   * Whether this node owns {@code key}.
   *
   * @param key the key
   * @return true when {@code key}'s entry lives on this node; always true for a cache that is not
   *     clustered
   */
  boolean ownsKey(K key);

  /**
   * The cache's statistics summed over every node's handles; this handle's alone for a cache that
   * is not clustered. Nodes that cannot be reached are left out.
   *
   * @param own the statistics of the handle asking
   * @return the cluster-wide view
   */
  ClusterStatistics clusterStatistics(CacheStatistics own);
}
