package io.peanutcache.cluster.peers;

import io.peanutcache.cluster.hosting.CacheId;
import io.peanutcache.cluster.ring.ClusterView;

/**
 * Who owns a key, and the way to reach it (groupcache's {@code PeerPicker}): the current view
 * names the owner of each key's partition, and a cache's calls carry an operation to that owner.
 * The node implements it; routing asks it and never sees the network.
 */
public interface PeerPicker {

  /**
   * The node's current view: the members, and which of them owns each partition.
   *
   * @return the view; a new object whenever the membership changes
   */
  ClusterView view();

  /**
   * Brings the view up to date with the membership source, after an owner answered that it does
   * not own a key by its newer view.
   */
  void refreshMembership();

  /**
   * The calls of one cache to the owners of its keys, one key per call.
   *
   * @param cache the cache
   * @param readThrough whether the cache loads its misses: its reads may then wait for the
   *     owner's load, and get the load timeout on top of the call deadline
   * @return the calls; cheap to keep, and safe for any number of threads
   */
  OwnerCalls ownerCalls(CacheId cache, boolean readThrough);

  /**
   * The calls of one cache to each member's share of an operation on many keys or on every key.
   *
   * @param cache the cache
   * @param readThrough whether the cache loads its misses (see {@link #ownerCalls})
   * @return the calls; cheap to keep, and safe for any number of threads
   */
  BulkCalls bulkCalls(CacheId cache, boolean readThrough);
}
