package io.peanutcache.cluster.routing;

import io.peanutcache.cluster.handoff.PartitionGate;
import io.peanutcache.cluster.ring.ClusterView;
import java.util.Collection;
import java.util.TreeSet;
import java.util.function.Supplier;
import javax.cache.CacheException;

/**
 * This node's share of an operation on keys it owns, run with their partitions entered in its
 * {@link PartitionGate}: it waits while their entries arrive, and a partition that has moved
 * away meanwhile is not written to.
 */
final class LocalShare {

  private LocalShare() {}

  /**
   * Runs {@code share} with the partitions of {@code keys} entered.
   *
   * @param gate the node's gate
   * @param view the view the keys were grouped by, in which this node owns them
   * @param keys the encoded keys of the share
   * @param share the share
   * @param <T> what it returns
   * @return what it returned
   * @throws CacheException naming the partition if one was handed to its new owner meanwhile; the
   *     share did not run
   */
  static <T> T run(PartitionGate gate, ClusterView view, Collection<byte[]> keys, Supplier<T> share) {
    TreeSet<Integer> partitions = new TreeSet<>();
    for (byte[] key : keys) {
      partitions.add(view.partitionOf(key));
    }
    TreeSet<Integer> entered = new TreeSet<>();
    try {
      for (int partition : partitions) {
        if (!gate.enter(partition)) {
          throw new CacheException("partition " + partition + " moved from " + view.self().name()
              + " to its new owner while this node ran its share of a bulk operation: nothing of that share"
              + " was done; send the operation again");
        }
        entered.add(partition);
      }
      return share.get();
    } finally {
      entered.forEach(gate::exit);
    }
  }
}
