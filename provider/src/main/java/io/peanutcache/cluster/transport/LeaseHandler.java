package io.peanutcache.cluster.transport;

import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.peanutcache.cluster.transport.proto.LeaseReply;
import io.peanutcache.cluster.transport.proto.LeaseRequest;

/**
 * Answers the Lease streams of peers whose entry processors run on the caller, under the lease
 * of a key this node owns (see {@link LeaseStream}).
 */
final class LeaseHandler extends PeerHandler {

  LeaseHandler(PeerHost host) {
    super(host);
  }

  StreamObserver<LeaseRequest> lease(StreamObserver<LeaseReply> out) {
    return new LeaseStream(host, (ServerCallStreamObserver<LeaseReply>) out, this::cache, this::requireOwner);
  }
}
