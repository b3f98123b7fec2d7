package io.peanutcache.cluster.transport;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.peanutcache.cluster.hosting.HostedCache;
import io.peanutcache.cluster.ring.ClusterView;
import io.peanutcache.engine.HeldEntry;
import io.peanutcache.cluster.handoff.PartitionMoves;
import io.peanutcache.cluster.transport.proto.Forward;
import io.peanutcache.cluster.transport.proto.HandOffBatch;
import io.peanutcache.cluster.transport.proto.TakeRequest;
import java.net.SocketAddress;
import java.util.BitSet;
import java.util.Iterator;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Answers a member that takes partitions over from this node: once the member passes the check of
 * {@link MembersOnly}, the partitions' operations are refused from then on and those under way are
 * waited for ({@link io.peanutcache.cluster.handoff.PartitionMoves#hand}); then the entries of
 * every cache in those partitions are streamed in chunks of bounded bytes, each sent only when
 * gRPC says the member can take it, and dropped here once the stream has ended.
 *
 * <p>Runs on the node's own executor, not the bounded one of peers' requests: a hand-off waits for
 * the requests under way, which may fill that one.
 */
final class HandOffHandler {

  private final PeerHost host;
  private final MembersOnly members;

  HandOffHandler(PeerHost host, MembersOnly members) {
    this.host = host;
    this.members = members;
  }

  void take(TakeRequest request, StreamObserver<HandOffBatch> out) {
    SocketAddress from = CallerAddress.current();
    ServerCallStreamObserver<HandOffBatch> stream = (ServerCallStreamObserver<HandOffBatch>) out;
    Object ready = new Object();
    stream.setOnReadyHandler(() -> {
      synchronized (ready) {
        ready.notifyAll();
      }
    });
    stream.setOnCancelHandler(() -> {
      synchronized (ready) {
        ready.notifyAll();
      }
    });
    try {
      host.executor().execute(() -> {
        try {
          send(request, from, stream, ready);
        } catch (StatusRuntimeException e) {
          end(stream, e);
        } catch (RuntimeException e) {
          end(stream, Status.INTERNAL.withDescription("the hand-off failed on " + host.view().self().name() + ": " + e)
              .withCause(e).asRuntimeException());
        }
      });
    } catch (RejectedExecutionException stopping) {
      end(stream, Status.UNAVAILABLE.withDescription(host.view().self().name() + " is stopping").asRuntimeException());
    }
  }

  private void send(TakeRequest request, SocketAddress from, ServerCallStreamObserver<HandOffBatch> out,
      Object ready) {
    members.require("take partitions", request.getSender(), request.getEpoch(), from);
    if (host.moves() == null) {
      throw Status.FAILED_PRECONDITION.withDescription(host.view().self().name() + " has a static peer list,"
          + " whose partitions never move: it hands none over").asRuntimeException();
    }
    ClusterView view = host.view();
    int[] partitions = request.getPartitionsList().stream().mapToInt(Integer::intValue).toArray();
    BitSet asked = new BitSet(view.partitionCount());
    for (int partition : partitions) {
      if (partition < 0 || partition >= view.partitionCount()) {
        throw Status.INVALID_ARGUMENT.withDescription("partition " + partition + " does not exist; allowed: 0 to "
            + (view.partitionCount() - 1)).asRuntimeException();
      }
      asked.set(partition);
    }
    PartitionMoves.Handing handing = host.moves().hand(partitions, view.member(request.getSender()));
    if (!handing.handedBefore().isEmpty()) {
      HandOffBatch.Builder forwards = HandOffBatch.newBuilder();
      handing.handedBefore().forEach((partition, taker) -> forwards.addForwards(Forward.newBuilder()
          .setPartition(partition).setMember(taker.name()).setAddress(taker.address())));
      if (!sendWhenReady(out, forwards.build(), ready)) {
        return;
      }
    }
    asked.clear();
    for (int partition : handing.partitions()) {
      asked.set(partition);
    }
    int budget = host.iterations().chunkBytes();
    for (HostedCache cache : host.caches().all()) {
      Iterator<HeldEntry<Object, Object>> entries = cache.owner().held(
          key -> asked.get(view.partitionOf(cache.codec().encode(key))));
      HandOffBatch.Builder batch = newBatch(cache);
      long bytes = 0;
      while (entries.hasNext()) {
        HeldEntry<Object, Object> entry = entries.next();
        io.peanutcache.cluster.transport.proto.HandedEntry.Builder wire = io.peanutcache.cluster.transport.proto.HandedEntry.newBuilder()
            .setKey(com.google.protobuf.ByteString.copyFrom(cache.codec().encode(entry.key())))
            .setValue(PeerHandler.encode(cache, entry.value()))
            .setExpiresInNanos(entry.expiresInNanos() == HeldEntry.NEVER ? 0 : Math.max(1, entry.expiresInNanos()));
        bytes += wire.getKey().size() + wire.getValue().size();
        batch.addEntries(wire);
        if (bytes >= budget) {
          if (!sendWhenReady(out, batch.build(), ready)) {
            return;
          }
          batch = newBatch(cache);
          bytes = 0;
        }
      }
      if (batch.getEntriesCount() > 0 && !sendWhenReady(out, batch.build(), ready)) {
        return;
      }
    }
    out.onCompleted();
    host.moves().handed(handing.partitions());
  }

  private static HandOffBatch.Builder newBatch(HostedCache cache) {
    return HandOffBatch.newBuilder().setCacheUri(cache.id().manager()).setCacheName(cache.id().name());
  }

  /** Sends a batch once the member can take it; false if the member went away. */
  private static boolean sendWhenReady(ServerCallStreamObserver<HandOffBatch> out, HandOffBatch batch, Object ready) {
    synchronized (ready) {
      while (!out.isReady()) {
        if (out.isCancelled()) {
          return false;
        }
        try {
          ready.wait(TimeUnit.SECONDS.toMillis(1));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
    }
    if (out.isCancelled()) {
      return false;
    }
    out.onNext(batch);
    return true;
  }

  private static void end(ServerCallStreamObserver<HandOffBatch> out, StatusRuntimeException failure) {
    try {
      out.onError(failure);
    } catch (RuntimeException ended) {
      // the member went away
    }
  }
}
