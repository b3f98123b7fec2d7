package io.peanutcache.cluster.transport;

import io.peanutcache.cluster.hosting.CacheId;
import io.peanutcache.cluster.membership.Member;
import io.peanutcache.cluster.peers.CacheDefinition;
import io.peanutcache.cluster.peers.DefineOutcome;
import io.peanutcache.cluster.peers.DefinitionPeers;
import io.peanutcache.cluster.peers.PeerAnswer;
import io.peanutcache.cluster.ring.ClusterView;
import io.peanutcache.cluster.transport.proto.CacheRequest;
import io.peanutcache.cluster.transport.proto.DefineCacheRequest;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Function;

/** Cache definitions defined, destroyed and fetched over gRPC. */
public final class DefinitionPeersClient implements DefinitionPeers {

  private final Function<Member, PeerClient> clients;
  private final PeerFanOut everyPeer;

  /**
   * Definitions through the node's clients.
   *
   * @param clients the node's client of each peer
   * @param executor runs the calls to every peer in parallel
   */
  public DefinitionPeersClient(Function<Member, PeerClient> clients, Executor executor) {
    this.clients = clients;
    this.everyPeer = new PeerFanOut(clients, executor);
  }

  @Override
  public List<PeerAnswer<DefineOutcome>> define(ClusterView view, CacheDefinition definition) {
    DefineCacheRequest request = DefineCacheRequest.newBuilder().setSender(view.self().name())
        .setEpoch(view.epoch()).setDefinition(DefinitionWire.definition(definition)).build();
    return everyPeer.ask(view, "defineCache", definition.id(), CallKind.WRITE,
        stub -> DefinitionWire.outcome(stub.defineCache(request)));
  }

  @Override
  public List<PeerAnswer<Boolean>> destroy(ClusterView view, CacheId id) {
    CacheRequest request = request(view, id);
    return everyPeer.ask(view, "destroyCache", id, CallKind.WRITE, stub -> stub.destroyCache(request).getFlag());
  }

  @Override
  public List<PeerAnswer<Optional<CacheDefinition>>> fetchFromAll(ClusterView view, CacheId id) {
    CacheRequest request = request(view, id);
    return everyPeer.ask(view, "fetchDefinition", id, CallKind.READ,
        stub -> DefinitionWire.fetched(stub.fetchDefinition(request)));
  }

  @Override
  public Optional<CacheDefinition> fetch(ClusterView view, Member peer, CacheId id) {
    CacheRequest request = request(view, id);
    return DefinitionWire.fetched(clients.apply(peer).call("fetchDefinition", id, CallKind.READ,
        stub -> stub.fetchDefinition(request)));
  }

  private static CacheRequest request(ClusterView view, CacheId id) {
    return CacheRequest.newBuilder().setHeader(Headers.of(id, view)).build();
  }
}
