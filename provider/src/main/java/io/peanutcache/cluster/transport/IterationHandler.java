package io.peanutcache.cluster.transport;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.peanutcache.cluster.hosting.HostedCache;
import io.peanutcache.cluster.ring.ClusterView;
import io.peanutcache.cluster.transport.proto.EntriesReply;
import io.peanutcache.cluster.transport.proto.Entry;
import io.peanutcache.cluster.transport.proto.IterateRequest;
import io.peanutcache.cluster.transport.proto.KeyRequest;
import io.peanutcache.cluster.transport.proto.Reply;
import java.util.HashSet;
import java.util.Set;

/**
 * Answers an iteration of a peer: streams the entries of the partitions it asks for in chunks, and
 * applies the access expiry to an entry the iteration returned (touch).
 */
final class IterationHandler extends PeerHandler {

  private static final int ITERATION_CHUNK = 256;

  IterationHandler(PeerHost host) {
    super(host);
  }

  void iterate(IterateRequest request, StreamObserver<EntriesReply> out) {
    host.executor().execute(() -> iterateNow(request, out));
  }

  private void iterateNow(IterateRequest request, StreamObserver<EntriesReply> out) {
    try {
      HostedCache cache = cache(request.getHeader());
      ClusterView view = host.view();
      Set<Integer> partitions = new HashSet<>(request.getPartitionsList());
      EntriesReply.Builder chunk = EntriesReply.newBuilder();
      var entries = cache.owner().listing();
      while (entries.hasNext()) {
        var entry = entries.next();
        byte[] key = cache.codec().encode(entry.getKey());
        if (!partitions.contains(view.partitionOf(key))) {
          continue;
        }
        chunk.addEntries(Entry.newBuilder().setKey(ByteString.copyFrom(key)).setValue(encode(cache, entry.getValue())));
        if (chunk.getEntriesCount() == ITERATION_CHUNK) {
          out.onNext(chunk.build());
          chunk = EntriesReply.newBuilder();
        }
      }
      out.onNext(chunk.build());
      out.onCompleted();
    } catch (StatusRuntimeException e) {
      out.onError(e);
    } catch (RuntimeException e) {
      out.onError(Status.INTERNAL.withDescription("iteration failed on " + host.view().self().name()
          + ": " + e).withCause(e).asRuntimeException());
    }
  }

  void touch(KeyRequest request, StreamObserver<Reply> out) {
    keyed(request.getHeader(), request.getKey(), out, (cache, key, counts) -> {
      cache.owner().touch(key);
      return Reply.getDefaultInstance();
    });
  }
}
