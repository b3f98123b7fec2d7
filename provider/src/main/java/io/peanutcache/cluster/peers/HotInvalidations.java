package io.peanutcache.cluster.peers;

import io.peanutcache.cluster.hosting.CacheId;
import java.util.List;

/**
 * What an owner tells the other nodes about one cache's partitions: the changes since its last
 * batch and, now and then, the current sequence of every partition it owns, so that each receiver
 * drops its hot copies of changed keys and notices the batches it missed.
 *
 * @param cache the cache
 * @param sender the name of the owner that sent the batch
 * @param incarnation identifies the owner's sequences of the cache; a new one means that the
 *     numbering started again
 * @param changes the changes, in the order of their sequences
 * @param sequences for a heartbeat, the current sequence of every partition the owner owns as of
 *     the last change in the batch; otherwise empty
 */
public record HotInvalidations(CacheId cache, String sender, long incarnation, List<Change> changes,
    List<Sequence> sequences) {

  /** Copies the lists. */
  public HotInvalidations {
    changes = List.copyOf(changes);
    sequences = List.copyOf(sequences);
  }

  /**
   * One change to a partition: one key's entry changed, or every entry of the partition did.
   *
   * @param partition the partition
   * @param sequence the partition's sequence after the change: one more than the change before it
   * @param key the encoded key whose entry changed, or null when every entry of the partition
   *     changed (it was cleared); never modified once the change is made
   */
  public record Change(int partition, long sequence, byte[] key) {}

  /**
   * A partition's current change sequence.
   *
   * @param partition the partition
   * @param sequence the number of changes made to it so far
   */
  public record Sequence(int partition, long sequence) {}
}
