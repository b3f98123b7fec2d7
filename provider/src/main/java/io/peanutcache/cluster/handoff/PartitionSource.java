package io.peanutcache.cluster.handoff;

import io.peanutcache.cluster.hosting.CacheId;
import io.peanutcache.cluster.membership.Member;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import javax.cache.CacheException;

/** Where a node takes partitions over from: their former owner, over the network. */
@FunctionalInterface
public interface PartitionSource {

  /**
   * Asks {@code from} for the entries of {@code partitions}, which this node owns by the view of
   * {@code epoch}, and gives each batch that arrives to {@code batches}, in order.
   *
   * @param from the former owner
   * @param starting whether {@code from} is still a member of this node's view, asked each time
   *     it refuses a connection: a member that refuses is starting (a node registers before it
   *     listens) and is waited for, up to the connect timeout; one that left is gone
   * @param epoch the epoch of this node's view
   * @param partitions the partitions
   * @param timeout how long the whole transfer may take
   * @param batches takes the entries of one cache at a time
   * @return the bytes received
   * @throws CacheException if the former owner cannot be reached, refuses, or the transfer does
   *     not end within the timeout; the batches given until then stand
   */
  long take(Member from, BooleanSupplier starting, long epoch, int[] partitions, Duration timeout, Batches batches);

  /** Takes the batches of a transfer. */
  interface Batches {

    /**
     * Takes one batch.
     *
     * @param cache the cache the entries belong to
     * @param entries the entries
     */
    void accept(CacheId cache, List<HandedEntry> entries);

    /**
     * Takes the news that the former owner had handed {@code partition} to {@code taker} before:
     * it is to be asked there.
     *
     * @param partition the partition
     * @param taker the member that has it
     */
    void forward(int partition, Member taker);
  }
}
