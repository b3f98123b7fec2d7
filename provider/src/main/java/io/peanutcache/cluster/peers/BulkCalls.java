package io.peanutcache.cluster.peers;

import io.peanutcache.cluster.membership.Member;
import io.peanutcache.cluster.ring.ClusterView;
import io.peanutcache.management.ClusterStatistics;
import io.peanutcache.management.StatisticsRecorder;
import java.util.Iterator;
import java.util.List;

/**
 * One cache's calls to one member for its share of an operation on many keys (the keys it owns)
 * or on every key, in the terms and with the rules of {@link OwnerCalls}: keys and values as the
 * cache's codec encoded them, the owner's counts recorded into {@code stats} when it is given, the
 * owner's failure thrown here. Routing sends one call per member, in parallel.
 */
public interface BulkCalls {

  /**
   * Gets the values of keys the member owns; on a read-through cache it loads the missing ones.
   *
   * @param owner the keys' owner
   * @param view the view the keys were grouped by
   * @param keys the keys' bytes
   * @param stats where the owner's counts go
   * @return the value's bytes of each key, in the order of {@code keys}; null for a key that has none
   */
  List<byte[]> getAll(Member owner, ClusterView view, List<byte[]> keys, StatisticsRecorder stats);

  /**
   * Puts entries whose keys the member owns.
   *
   * @param owner the keys' owner
   * @param view the view the keys were grouped by
   * @param entries the entries' bytes
   * @param stats where the owner's counts go
   */
  void putAll(Member owner, ClusterView view, List<EncodedEntry> entries, StatisticsRecorder stats);

  /**
   * Removes keys the member owns.
   *
   * @param owner the keys' owner
   * @param view the view the keys were grouped by
   * @param keys the keys' bytes
   * @param stats where the owner's counts go
   */
  void removeAll(Member owner, ClusterView view, List<byte[]> keys, StatisticsRecorder stats);

  /**
   * Removes every entry the member holds, through the cache's writer.
   *
   * @param member the member
   * @param view the view the call was made by
   * @param stats where the member's counts go
   */
  void removeAll(Member member, ClusterView view, StatisticsRecorder stats);

  /**
   * Loads keys the member owns with the cache's loader; nothing is counted.
   *
   * @param owner the keys' owner
   * @param view the view the keys were grouped by
   * @param keys the keys' bytes
   * @param replaceExisting whether a loaded value replaces one the cache holds
   */
  void loadAll(Member owner, ClusterView view, List<byte[]> keys, boolean replaceExisting);

  /**
   * Clears the member's entries, without the writer and without counts.
   *
   * @param member the member
   * @param view the view the call was made by
   */
  void clear(Member member, ClusterView view);

  /**
   * Runs an entry processor on each key the member owns; on a read-through cache it may load.
   *
   * @param owner the keys' owner
   * @param view the view the keys were grouped by
   * @param keys the keys' bytes
   * @param processor the processor's bytes
   * @param arguments the bytes of each argument
   * @param stats where the owner's counts go
   * @return the result of each key, in the order of {@code keys}; null for a key whose processor
   *     returned null
   */
  List<ProcessorResult> invokeAll(Member owner, ClusterView view, List<byte[]> keys, byte[] processor,
      List<byte[]> arguments, StatisticsRecorder stats);

  /**
   * The member's share of the cache's statistics: the counts of the handles open on it.
   *
   * @param member the member
   * @param view the view the call was made by
   * @return its share; all zero if it does not host the cache
   */
  ClusterStatistics.NodeShare statistics(Member member, ClusterView view);

  /**
   * Streams the entries the member holds of the given partitions, read in chunks as the returned
   * iterator reaches them; the whole stream must end within the load timeout on top of the call
   * deadline.
   *
   * @param member the member
   * @param view the view the partitions were taken from
   * @param partitions the partitions whose entries to list
   * @return the entries; its {@code hasNext} and {@code next} may throw when the stream fails
   */
  Iterator<EncodedEntry> iterate(Member member, ClusterView view, int[] partitions);

  /**
   * Has the owner apply the access expiry to an entry an iteration returned. What the owner
   * answers is not reported: the entry was read all the same.
   *
   * @param owner the key's owner
   * @param view the view the iteration was made by
   * @param key the key's bytes
   */
  void touch(Member owner, ClusterView view, byte[] key);
}
