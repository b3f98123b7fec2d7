package io.peanutcache.cluster.transport;

import io.peanutcache.cluster.hosting.CacheId;
import io.peanutcache.cluster.membership.Member;
import io.peanutcache.cluster.peers.ListenerEvent;
import io.peanutcache.cluster.peers.ListenerPeers;
import io.peanutcache.cluster.peers.ListenerSpec;
import io.peanutcache.cluster.peers.PeerAnswer;
import io.peanutcache.cluster.ring.ClusterView;
import io.peanutcache.cluster.transport.proto.CacheRequest;
import io.peanutcache.cluster.transport.proto.ListenerRequest;
import io.peanutcache.cluster.transport.proto.Reply;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Function;

/** Registrations and events of cluster-wide listeners over gRPC. */
public final class ListenerPeersClient implements ListenerPeers {

  private final Function<Member, PeerClient> clients;
  private final PeerFanOut everyPeer;

  /**
   * Listeners through the node's clients.
   *
   * @param clients the node's client of each peer
   * @param executor runs the calls to every peer in parallel
   */
  public ListenerPeersClient(Function<Member, PeerClient> clients, Executor executor) {
    this.clients = clients;
    this.everyPeer = new PeerFanOut(clients, executor);
  }

  @Override
  public List<PeerAnswer<Void>> add(ClusterView view, CacheId cache, ListenerSpec listener) {
    ListenerRequest request = request(view, cache, listener);
    return answered(everyPeer.ask(view, "addListener", cache, CallKind.WRITE, stub -> stub.addListener(request)));
  }

  @Override
  public List<PeerAnswer<Void>> remove(ClusterView view, CacheId cache, ListenerSpec listener) {
    ListenerRequest request = request(view, cache, listener);
    return answered(everyPeer.ask(view, "removeListener", cache, CallKind.WRITE,
        stub -> stub.removeListener(request)));
  }

  @Override
  public List<ListenerSpec> known(ClusterView view, Member peer, CacheId cache) {
    CacheRequest request = CacheRequest.newBuilder().setHeader(Headers.of(cache, view)).build();
    return ListenerWire.fromWire(clients.apply(peer).call("fetchListeners", cache, CallKind.READ,
        stub -> stub.fetchListeners(request)).getListenersList());
  }

  @Override
  public List<PeerAnswer<List<ListenerSpec>>> knownByAll(ClusterView view, CacheId cache) {
    CacheRequest request = CacheRequest.newBuilder().setHeader(Headers.of(cache, view)).build();
    return everyPeer.ask(view, "fetchListeners", cache, CallKind.READ,
        stub -> ListenerWire.fromWire(stub.fetchListeners(request).getListenersList()));
  }

  @Override
  public RuntimeException deliver(ClusterView view, Member node, CacheId cache, ListenerEvent event) {
    PeerClient client = clients.apply(node);
    Reply reply = client.call("deliverEvent", cache, stub -> stub.deliverEvent(ListenerWire.event(cache, view, event)));
    return reply.hasFailure() ? Replies.failure(reply.getFailure(), client) : null;
  }

  private static ListenerRequest request(ClusterView view, CacheId cache, ListenerSpec listener) {
    return ListenerRequest.newBuilder().setHeader(Headers.of(cache, view))
        .setListener(ListenerWire.spec(listener)).build();
  }

  /** The answers without their replies, which say nothing but that the peer answered. */
  private static List<PeerAnswer<Void>> answered(List<PeerAnswer<Reply>> answers) {
    List<PeerAnswer<Void>> plain = new ArrayList<>(answers.size());
    for (PeerAnswer<Reply> answer : answers) {
      plain.add(new PeerAnswer<>(answer.peer(), null, answer.failure()));
    }
    return plain;
  }
}
