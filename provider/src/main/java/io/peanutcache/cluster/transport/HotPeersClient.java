package io.peanutcache.cluster.transport;

import io.grpc.stub.StreamObserver;
import io.peanutcache.cluster.membership.Member;
import io.peanutcache.cluster.peers.HotInvalidations;
import io.peanutcache.cluster.peers.HotPeers;
import io.peanutcache.cluster.ring.ClusterView;
import io.peanutcache.cluster.transport.proto.InvalidationAck;
import io.peanutcache.cluster.transport.proto.InvalidationBatch;
import java.util.List;
import java.util.function.Function;

/** Sends hot-cache batches over gRPC, within the call deadline, without waiting for a connection. */
public final class HotPeersClient implements HotPeers {

  private static final StreamObserver<InvalidationAck> IGNORED = new StreamObserver<>() {
    @Override
    public void onNext(InvalidationAck ack) {}

    @Override
    public void onError(Throwable lost) {
      // the receiver notices the gap and drops what it cannot trust
    }

    @Override
    public void onCompleted() {}
  };

  private final Function<Member, PeerClient> clients;

  /**
   * Batches through the node's clients.
   *
   * @param clients the node's client of each peer
   */
  public HotPeersClient(Function<Member, PeerClient> clients) {
    this.clients = clients;
  }

  @Override
  public void invalidate(List<Member> peers, ClusterView view, HotInvalidations batch) {
    InvalidationBatch message = HotWire.batch(batch, view);
    for (Member peer : peers) {
      clients.apply(peer).asyncStub().invalidate(message, IGNORED);
    }
  }
}
