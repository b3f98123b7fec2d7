package io.peanutcache.cluster.peers;

import io.peanutcache.PeerException;
import io.peanutcache.cluster.hosting.CacheId;
import io.peanutcache.cluster.membership.Member;
import io.peanutcache.cluster.ring.ClusterView;
import java.util.List;

/**
 * How cluster-wide listeners reach the other nodes: registrations told to every peer, asked of a
 * peer by a node that has just learned a cache, and events sent to the node a listener runs on.
 */
public interface ListenerPeers {

  /**
   * Tells every peer of {@code view}, in parallel, to send the events of the keys it owns to a
   * listener; returns once each has answered or failed. A peer never reached yet is not waited
   * for: it learns the listener with the cache's definition.
   *
   * @param view the view whose peers are told
   * @param cache the cache
   * @param listener the listener's registration
   * @return each peer's answer, in the view's order
   */
  List<PeerAnswer<Void>> add(ClusterView view, CacheId cache, ListenerSpec listener);

  /**
   * Tells every peer of {@code view} to stop sending events to a listener, as {@link #add} does.
   *
   * @param view the view whose peers are told
   * @param cache the cache
   * @param listener the listener's registration
   * @return each peer's answer, in the view's order
   */
  List<PeerAnswer<Void>> remove(ClusterView view, CacheId cache, ListenerSpec listener);

  /**
   * Asks one peer for every listener of a cache it knows: its own and the other nodes'.
   *
   * @param view the view of this node
   * @param peer the peer
   * @param cache the cache
   * @return the registrations; none if the peer does not host the cache
   * @throws PeerException if the call failed
   */
  List<ListenerSpec> known(ClusterView view, Member peer, CacheId cache);

  /**
   * Asks every peer of {@code view}, in parallel, for every listener of a cache it knows, as
   * {@link #known} does; returns once each has answered or failed.
   *
   * @param view the view whose peers are asked
   * @param cache the cache
   * @return each peer's answer, in the view's order
   */
  List<PeerAnswer<List<ListenerSpec>>> knownByAll(ClusterView view, CacheId cache);

  /**
   * Sends one event to the node its listener runs on, and returns once the listener has run.
   *
   * @param view the view of the node that sends it
   * @param node the node the listener runs on
   * @param cache the cache
   * @param event the event
   * @return what the listener threw there, to be thrown here with the same type; null if it ran
   *     without failing
   * @throws PeerException if the call failed; {@link PeerException#isNotFound()} when the node no
   *     longer knows the listener or the cache
   */
  RuntimeException deliver(ClusterView view, Member node, CacheId cache, ListenerEvent event);
}
