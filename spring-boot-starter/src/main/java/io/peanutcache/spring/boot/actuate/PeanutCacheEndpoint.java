package io.peanutcache.spring.boot.actuate;

import io.peanutcache.NodeStatus;
import io.peanutcache.jcache.PeanutCache;
import io.peanutcache.jcache.PeanutCacheManager;
import io.peanutcache.management.ClusterStatistics;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import javax.cache.Cache;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;

/**
 * The {@code peanutcache} endpoint: this node's place in the cluster and the cluster-wide
 * statistics of every cache ({@code /actuator/peanutcache}), and which node owns a key of a cache
 * ({@code /actuator/peanutcache/{cache}?key=...}).
 *
 * <p>Reading the statistics calls every node of the cluster once per cache; a node that cannot
 * be reached is left out of them.
 */
@Endpoint(id = "peanutcache")
public class PeanutCacheEndpoint {

  private final PeanutCacheManager manager;

  /**
   * The endpoint of {@code manager}'s node.
   *
   * @param manager the PeanutCache JCache manager
   * @throws NullPointerException if {@code manager} is null
   */
  public PeanutCacheEndpoint(PeanutCacheManager manager) {
    this.manager = Objects.requireNonNull(manager, "manager");
  }

  /**
   * The node and its caches.
   *
   * @return the node's view of the cluster (left null for an embedded node) and each cache's
   *     cluster-wide statistics, by cache name
   */
  @ReadOperation
  public NodeDescriptor node() {
    Map<String, CacheDescriptor> caches = new TreeMap<>();
    for (String name : manager.getCacheNames()) {
      PeanutCache<Object, Object> cache = cache(name);
      if (cache != null) {
        caches.put(name, CacheDescriptor.of(cache.clusterStatistics()));
      }
    }
    Optional<NodeStatus> status = manager.nodeStatus();
    if (status.isEmpty()) {
      return new NodeDescriptor("embedded", null, null, null, Map.of(), null, null, caches);
    }
    NodeStatus node = status.get();
    return new NodeDescriptor("clustered", node.nodeName(), node.membership(), node.epoch(),
        node.members(), node.partitionsOwned(), node.partitionCount(), caches);
  }

  /**
   * Which node owns {@code key} in {@code cache}: where its entry lives and its operations and
   * loads run. The key is taken as a String, so this answers for caches whose keys are Strings
   * (the keys Spring makes of a single String parameter).
   *
   * @param cache the cache's name
   * @param key the key
   * @return the owner, or null (no content) when the manager has no cache of that name
   */
  @ReadOperation
  public OwnerDescriptor owner(@Selector String cache, String key) {
    PeanutCache<Object, Object> peanut = cache(cache);
    if (peanut == null) {
      return null;
    }
    return new OwnerDescriptor(cache, key, peanut.ownerOf(key), peanut.isLocal(key));
  }

  @SuppressWarnings("unchecked")
  private PeanutCache<Object, Object> cache(String name) {
    Cache<Object, Object> cache = manager.getCache(name);
    return cache == null ? null : cache.unwrap(PeanutCache.class);
  }

  /**
   * A node and its caches.
   *
   * @param mode {@code clustered} or {@code embedded}
   * @param node this node's name
   * @param membership where the members come from: {@code static peer list} or etcd's endpoints
   * @param epoch the epoch of the view this node routes by
   * @param members the members of that view, name to address
   * @param partitionsOwned the partitions this node owns
   * @param partitionCount how many partitions there are
   * @param caches each cache's cluster-wide statistics, by name
   */
  public record NodeDescriptor(String mode, String node, String membership, Long epoch,
      Map<String, String> members, Integer partitionsOwned, Integer partitionCount,
      Map<String, CacheDescriptor> caches) implements OperationResponseBody {}

  /**
   * A cache's statistics summed over the nodes of the cluster.
   *
   * @param gets reads, hits plus misses
   * @param hits reads that found a value
   * @param misses reads that found none
   * @param puts values stored
   * @param removals entries removed by the application
   * @param evictions entries evicted to respect a bound
   * @param byNode each node's share, by node name
   */
  public record CacheDescriptor(long gets, long hits, long misses, long puts, long removals,
      long evictions, Map<String, ClusterStatistics.NodeShare> byNode) {

    static CacheDescriptor of(ClusterStatistics statistics) {
      return new CacheDescriptor(statistics.gets(), statistics.hits(), statistics.misses(),
          statistics.puts(), statistics.removals(), statistics.evictions(),
          new TreeMap<>(statistics.byNode()));
    }
  }

  /**
   * The owner of a key.
   *
   * @param cache the cache's name
   * @param key the key
   * @param owner the owner's name, {@code embedded} for an embedded cache
   * @param local whether this node is the owner
   */
  public record OwnerDescriptor(String cache, String key, String owner, boolean local)
      implements OperationResponseBody {}
}
