package io.peanutcache.management;

import java.util.Map;

/**
 * A cache's statistics summed over the nodes of the cluster: what the operations made through every
 * node's handles of the cache counted. Each node's {@code CacheStatisticsMXBean} shows its own
 * handle's share, as JSR-107 defines it; this is the extra, cluster-wide view.
 *
 * @param hits reads that found a value, on every node
 * @param misses reads that found none
 * @param puts values stored
 * @param removals entries removed by the application
 * @param evictions entries evicted to respect a bound
 * @param byNode each node's share, by node name
 */
public record ClusterStatistics(long hits, long misses, long puts, long removals, long evictions,
    Map<String, NodeShare> byNode) {

  /**
   * One node's share of the counts.
   *
   * @param hits reads that found a value
   * @param misses reads that found none
   * @param puts values stored
   * @param removals entries removed by the application
   * @param evictions entries evicted to respect a bound
   * @param handles how many handles of the cache the node has
   */
  public record NodeShare(long hits, long misses, long puts, long removals, long evictions, int handles) {}

  /**
   * Reads that found a value or not.
   *
   * @return hits plus misses
   */
  public long gets() {
    return hits + misses;
  }

  /**
   * Sums the shares of the nodes.
   *
   * @param byNode each node's share
   * @return the cluster-wide statistics
   */
  public static ClusterStatistics of(Map<String, NodeShare> byNode) {
    long hits = 0;
    long misses = 0;
    long puts = 0;
    long removals = 0;
    long evictions = 0;
    for (NodeShare share : byNode.values()) {
      hits += share.hits();
      misses += share.misses();
      puts += share.puts();
      removals += share.removals();
      evictions += share.evictions();
    }
    return new ClusterStatistics(hits, misses, puts, removals, evictions, Map.copyOf(byNode));
  }

  /**
   * The share of handles whose statistics are {@code statistics}.
   *
   * @param statistics the handles' statistics
   * @return their counts summed
   */
  public static NodeShare shareOf(Iterable<CacheStatistics> statistics) {
    long hits = 0;
    long misses = 0;
    long puts = 0;
    long removals = 0;
    long evictions = 0;
    int handles = 0;
    for (CacheStatistics one : statistics) {
      hits += one.getCacheHits();
      misses += one.getCacheMisses();
      puts += one.getCachePuts();
      removals += one.getCacheRemovals();
      evictions += one.getCacheEvictions();
      handles++;
    }
    return new NodeShare(hits, misses, puts, removals, evictions, handles);
  }
}
