package io.peanutcache.cluster.transport;

import io.peanutcache.cluster.hosting.CacheId;
import io.peanutcache.cluster.hosting.HostedCaches;
import io.peanutcache.cluster.ring.ClusterView;

/** What the peer service needs of the node it runs in. */
public interface PeerHost {

  /** The node's current view of the cluster. */
  ClusterView view();

  /** Brings the node's view up to date with its membership source. */
  void refreshMembership();

  /**
   * When the node last came back from a pause long enough for its peers to go on without it, and
   * dropped everything it held; checks for one first, so that a request read at once after the
   * pause finds the node empty. A request sent before then is refused.
   *
   * @return the node's wall-clock time in milliseconds, or 0 if it never paused so long
   */
  long resumedAtMillis();

  /**
   * The cache hosted here under {@code id}; when it is not, its definition is fetched from
   * {@code sender} (which knows it, since it sent a request for it) and the cache is hosted.
   *
   * @param id the cache's identity
   * @param sender the member that sent the request
   * @return the hosted cache, or null if neither this node nor the sender knows it
   */
  io.peanutcache.cluster.hosting.HostedCache hosted(CacheId id, String sender);

  /** The caches hosted on this node. */
  HostedCaches caches();

  /** The node's cache definitions: what peers define, destroy and fetch here. */
  io.peanutcache.cluster.definitions.ClusterDefinitions definitions();

  /** The node's side of cluster-wide listeners. */
  io.peanutcache.cluster.listeners.ClusterListeners listeners();

  /** The class loader for definitions that arrive from peers. */
  ClassLoader classLoader();

  /**
   * Runs the node's own work that may block (calls to other peers, a lease stream's later steps).
   */
  java.util.concurrent.Executor executor();

  /**
   * Runs the requests of peers (loaders, writers, processors): a bounded number of threads and of
   * waiting requests; a request beyond them is refused with a
   * {@link java.util.concurrent.RejectedExecutionException} that says so.
   */
  java.util.concurrent.Executor requests();

  /** The iterations peers stream from this node, at most so many at once. */
  Iterations iterations();

  /** The node's hot caches: the sequences it stamps on hot gets and the copies it keeps. */
  io.peanutcache.cluster.hot.HotCaches hot();

  /** What the node lets run on each partition it owns, while partitions move. */
  io.peanutcache.cluster.handoff.PartitionGate gate();

  /** The node's side of partitions that move (what it hands over when a new owner takes them); null with a static peer list. */
  io.peanutcache.cluster.handoff.PartitionMoves moves();

  /** The leases of the keys the node owns, for entry processors that run on their callers. */
  io.peanutcache.cluster.leases.KeyLeases leases();
}
