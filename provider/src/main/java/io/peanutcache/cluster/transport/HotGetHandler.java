package io.peanutcache.cluster.transport;

import io.grpc.stub.StreamObserver;
import io.peanutcache.cluster.transport.proto.HotReply;
import io.peanutcache.cluster.transport.proto.KeyRequest;

/**
 * Answers a get for a hot copy: the plain get's answer, stamped with the key's partition sequence
 * read before the value and the entry's remaining life read after it.
 */
final class HotGetHandler extends PeerHandler {

  private final KeyOperationsHandler keys;

  HotGetHandler(PeerHost host, KeyOperationsHandler keys) {
    super(host);
    this.keys = keys;
  }

  void hotGet(KeyRequest request, StreamObserver<HotReply> out) {
    // the partition's sequence is read here, before get reads the value
    keys.get(request, HotReplies.stamping(host.hot(), request, out));
  }
}
