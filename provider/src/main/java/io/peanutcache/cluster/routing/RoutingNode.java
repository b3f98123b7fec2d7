package io.peanutcache.cluster.routing;

import io.peanutcache.cluster.hosting.HostedCaches;
import io.peanutcache.cluster.hot.HotCaches;
import io.peanutcache.cluster.leases.KeyLeases;
import io.peanutcache.cluster.listeners.ClusterListeners;
import io.peanutcache.cluster.peers.PeerPicker;
import io.peanutcache.settings.NodeSettings;
import java.util.concurrent.Executor;

/**
 * What routing needs of the node it runs on: who owns a key and the calls to reach it (see
 * {@link PeerPicker}), and the node's own parts that an operation on this node uses.
 */
public interface RoutingNode extends PeerPicker {

  /**
   * The node's settings: routing reads the call deadline from them.
   *
   * @return the settings
   */
  NodeSettings settings();

  /**
   * Runs what routing does in parallel: the calls of a bulk operation, one per owner.
   *
   * @return the node's executor
   */
  Executor executor();

  /**
   * The caches hosted on this node, which count the operations it runs as their owner.
   *
   * @return the hosted caches
   */
  HostedCaches caches();

  /**
   * The node's hot caches, where a get looks for a copy before it asks the owner.
   *
   * @return the hot caches
   */
  HotCaches hot();

  /**
   * The node's side of cluster-wide listeners.
   *
   * @return the listeners
   */
  ClusterListeners listeners();

  /**
   * The leases of the keys this node owns, for entry processors that run on their callers.
   *
   * @return the leases
   */
  KeyLeases leases();

  /** What the node lets run on each partition it owns, while partitions move. */
  io.peanutcache.cluster.handoff.PartitionGate gate();
}
