package io.peanutcache.cluster.transport;

import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.peanutcache.cluster.transport.proto.EntriesReply;
import io.peanutcache.cluster.transport.proto.IterateRequest;
import io.peanutcache.cluster.transport.proto.KeyRequest;
import io.peanutcache.cluster.transport.proto.Reply;

/**
 * Answers an iteration of a peer: streams the entries of the partitions it asks for in chunks of
 * bounded bytes, at the pace the peer reads them (see {@link IterationStream}), and applies the
 * access expiry to an entry the iteration returned (touch).
 */
final class IterationHandler extends PeerHandler {

  IterationHandler(PeerHost host) {
    super(host);
  }

  void iterate(IterateRequest request, StreamObserver<EntriesReply> out) {
    new IterationStream(request, (ServerCallStreamObserver<EntriesReply>) out,
        iteration -> cache(iteration.getHeader()), host.requests(), host.iterations(), host.view()).start();
  }

  void touch(KeyRequest request, StreamObserver<Reply> out) {
    keyed(request.getHeader(), request.getKey(), out, (cache, key, counts) -> {
      cache.owner().touch(key);
      return Reply.getDefaultInstance();
    });
  }
}
