package io.peanutcache.cluster.transport;

import io.grpc.stub.StreamObserver;
import io.peanutcache.cluster.transport.proto.InvalidationAck;
import io.peanutcache.cluster.transport.proto.InvalidationBatch;

/** Applies the hot-cache invalidations an owner sends to this node's copies of its entries. */
final class InvalidationsHandler extends PeerHandler {

  InvalidationsHandler(PeerHost host) {
    super(host);
  }

  void invalidate(InvalidationBatch request, StreamObserver<InvalidationAck> out) {
    // quick and non-blocking: applied on the network thread, in the order batches arrive
    host.hot().receive(HotWire.invalidations(request));
    out.onNext(InvalidationAck.getDefaultInstance());
    out.onCompleted();
  }
}
