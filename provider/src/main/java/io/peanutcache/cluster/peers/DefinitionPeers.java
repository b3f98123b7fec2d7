package io.peanutcache.cluster.peers;

import io.peanutcache.PeerException;
import io.peanutcache.cluster.hosting.CacheId;
import io.peanutcache.cluster.membership.Member;
import io.peanutcache.cluster.ring.ClusterView;
import java.util.List;
import java.util.Optional;

/**
 * How cache definitions reach the other nodes: defined and destroyed on every peer, and fetched
 * from a peer that hosts the cache.
 *
 * <p>The calls to every peer run in parallel and return once each peer has answered or failed; a
 * peer never reached yet is not waited for, since a node that starts later learns the definitions
 * by itself.
 */
public interface DefinitionPeers {

  /**
   * Asks every peer of {@code view} to define a cache, or to join it if it hosts it equally.
   *
   * @param view the view whose peers are asked; this node's name goes with the request
   * @param definition the definition
   * @return each peer's answer, in the view's order
   */
  List<PeerAnswer<DefineOutcome>> define(ClusterView view, CacheDefinition definition);

  /**
   * Asks every peer of {@code view} to destroy a cache; complete on each peer that answered.
   *
   * @param view the view whose peers are asked
   * @param id the cache
   * @return each peer's answer, in the view's order: whether it hosted the cache
   */
  List<PeerAnswer<Boolean>> destroy(ClusterView view, CacheId id);

  /**
   * Asks every peer of {@code view} for a cache's definition.
   *
   * @param view the view whose peers are asked
   * @param id the cache
   * @return each peer's answer, in the view's order: the definition, or empty if it does not host
   *     the cache
   */
  List<PeerAnswer<Optional<CacheDefinition>>> fetchFromAll(ClusterView view, CacheId id);

  /**
   * Asks one peer for a cache's definition, waiting for its connection if it is being made.
   *
   * @param view the view of this node
   * @param peer the peer
   * @param id the cache
   * @return the definition, or empty if the peer does not host the cache
   * @throws PeerException if the call failed
   */
  Optional<CacheDefinition> fetch(ClusterView view, Member peer, CacheId id);
}
