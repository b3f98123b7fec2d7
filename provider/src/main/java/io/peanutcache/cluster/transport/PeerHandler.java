package io.peanutcache.cluster.transport;

import com.google.protobuf.ByteString;
import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.peanutcache.CodecException;
import io.peanutcache.cluster.hosting.CacheId;
import io.peanutcache.cluster.hosting.HostedCache;
import io.peanutcache.cluster.listeners.TooManyListenersException;
import io.peanutcache.cluster.ring.ClusterView;
import io.peanutcache.cluster.transport.proto.Header;
import io.peanutcache.cluster.transport.proto.Reply;
import io.peanutcache.load.RequestDeadline;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import javax.cache.processor.EntryProcessor;

/**
 * What the handlers of the peer service share: finding the cache a request's header names (and
 * fetching its definition from the sender if this node does not host it yet), checking that this
 * node owns a key by its view, decoding and encoding, and answering. A handler starts on the
 * network thread, which must not block: {@link #answer} hands the request to the node's executor
 * for peers' requests, which refuses it with {@code RESOURCE_EXHAUSTED} when its threads and queue
 * are full. A request whose caller went away or whose deadline passed while it waited is dropped
 * before it runs; one that runs waits for a load no longer than its deadline.
 */
abstract class PeerHandler {

  /** The node the requests run on. */
  protected final PeerHost host;

  /**
   * A handler of requests to {@code host}.
   *
   * @param host the node
   */
  PeerHandler(PeerHost host) {
    this.host = host;
  }

  /** One key's operation: resolves the cache, checks ownership, decodes the key, replies. */
  void keyed(Header header, ByteString keyBytes, StreamObserver<Reply> out, KeyedOperation operation) {
    keyed(CallScope.current(), header, keyBytes, out, operation);
  }

  /** One key's operation of a request whose caller and deadline {@code scope} gives. */
  void keyed(CallScope scope, Header header, ByteString keyBytes, StreamObserver<Reply> out,
      KeyedOperation operation) {
    answer(scope, out, () -> {
      HostedCache cache = cache(header);
      byte[] bytes = WireBytes.array(keyBytes);
      requireOwner(header, bytes);
      Object key = decode(cache, bytes, "key");
      RemoteCounts counts = new RemoteCounts();
      try {
        return operation.run(cache, key, counts);
      } catch (StatusRuntimeException e) {
        throw e;
      } catch (RuntimeException e) {
        return Reply.newBuilder().setFailure(Failures.of(e)).setCounts(counts.toProto()).build();
      }
    });
  }

  /** An operation on one decoded key of a hosted cache. */
  @FunctionalInterface
  interface KeyedOperation {
    Reply run(HostedCache cache, Object key, RemoteCounts counts);
  }

  /** Runs an operation that returns nothing, capturing its counts and any failure. */
  static Reply run(java.util.function.Consumer<RemoteCounts> operation) {
    RemoteCounts counts = new RemoteCounts();
    try {
      operation.accept(counts);
      return Reply.newBuilder().setCounts(counts.toProto()).build();
    } catch (RuntimeException e) {
      return Reply.newBuilder().setFailure(Failures.of(e)).setCounts(counts.toProto()).build();
    }
  }

  /**
   * Runs a request on the executor for peers' requests, off the network thread, since it may
   * block; refuses it with {@code RESOURCE_EXHAUSTED} if the executor is full.
   */
  <R> void answer(StreamObserver<R> out, java.util.function.Supplier<R> reply) {
    // the call's context, current on the network thread: cancelled when the caller goes away
    answer(CallScope.current(), out, reply);
  }

  /**
   * Runs a request like {@link #answer(StreamObserver, java.util.function.Supplier)}, for a caller
   * and within a deadline {@code scope} gives: a read of a stream of reads has its own deadline.
   */
  <R> void answer(CallScope scope, StreamObserver<R> out, java.util.function.Supplier<R> reply) {
    Context call = scope.call();
    try {
      host.requests().execute(() -> {
        if (call.isCancelled()) {
          return; // its caller went away, or its deadline passed, while it waited for a thread
        }
        Deadline deadline = scope.deadline();
        if (deadline != null && deadline.isExpired()) {
          out.onError(Status.DEADLINE_EXCEEDED.withDescription("the caller's deadline passed before the request "
              + "ran on " + host.view().self().name()).asRuntimeException());
          return;
        }
        java.util.function.Supplier<R> held = () -> OwnerTickets.runIn(host.gate(), reply);
        answerNow(out, deadline == null ? held : () -> RequestDeadline.runWithin(
            System.nanoTime() + deadline.timeRemaining(TimeUnit.NANOSECONDS), held));
      });
    } catch (RejectedExecutionException overloaded) {
      out.onError(Status.RESOURCE_EXHAUSTED.withDescription(overloaded.getMessage()).asRuntimeException());
    }
  }

  /** Answers a request on this thread: its reply, or the status it failed with. */
  static <R> void answerNow(StreamObserver<R> out, java.util.function.Supplier<R> reply) {
    R result;
    try {
      result = reply.get();
    } catch (StatusRuntimeException e) {
      out.onError(e);
      return;
    } catch (TooManyListenersException e) {
      out.onError(Status.RESOURCE_EXHAUSTED.withDescription(e.getMessage()).asRuntimeException());
      return;
    } catch (RuntimeException | Error e) {
      // the call must end now, not at the caller's deadline
      out.onError(Status.INTERNAL.withDescription("the request failed: " + e).withCause(e).asRuntimeException());
      return;
    }
    try {
      out.onNext(result);
      out.onCompleted();
    } catch (StatusRuntimeException ended) {
      // the call has ended: its reply was too large to send (and it failed with that), or its
      // caller went away
    }
  }

  /**
   * The hosted cache a request's header names, its definition fetched from the sender if this node
   * does not host it yet; fails the call with NOT_FOUND if neither knows it, and with ABORTED if
   * it was sent before this node came back from a pause (see {@link PeerHost#resumedAtMillis}).
   */
  HostedCache cache(Header header) {
    CacheId id = Headers.cacheId(header);
    long resumedAt = host.resumedAtMillis();
    if (header.getSentAtMillis() < resumedAt) {
      throw Status.ABORTED.withDescription("sent at " + java.time.Instant.ofEpochMilli(header.getSentAtMillis())
          + " by " + header.getSender() + ", before " + host.view().self().name() + " came back at "
          + java.time.Instant.ofEpochMilli(resumedAt) + " from a pause in which its peers may have gone on"
          + " without it; it dropped what it held: send the request again").asRuntimeException();
    }
    HostedCache cache;
    try {
      cache = host.hosted(id, header.getSender());
    } catch (CodecException refused) {
      throw invalid("cache " + id + " cannot be hosted on " + host.view().self().name() + ": "
          + refused.getMessage());
    }
    if (cache == null) {
      throw Status.NOT_FOUND.withDescription("cache " + id + " is not known on "
          + host.view().self().name() + " nor on the sender " + header.getSender()).asRuntimeException();
    }
    return cache;
  }

  /**
   * Fails the call unless this node owns the key by its view, caught up to the sender's epoch, and
   * has owned it since the sender's epoch: a sender whose view is older than the move of the key's
   * partition is told "not owner" too, so that it catches up and sends again. The key's partition
   * is entered until the reply is made (see {@link OwnerTickets}): a partition whose entries are
   * arriving is waited for, and one handed over to its new owner is "not owner" as well.
   */
  void requireOwner(Header header, byte[] key) {
    ClusterView view = host.view();
    int partition = view.partitionOf(key);
    long senderEpoch = header.getEpoch();
    if (view.ownsPartitionSince(partition, senderEpoch)) {
      OwnerTickets.enter(host.gate(), partition, view.self().name());
      host.caches().startOwnerOperations(1);
      return;
    }
    if (senderEpoch > view.epoch()) {
      host.refreshMembership();
      view = host.view();
      if (view.ownsPartitionSince(partition, senderEpoch)) {
        OwnerTickets.enter(host.gate(), partition, view.self().name());
        host.caches().startOwnerOperations(1);
        return;
      }
    }
    if (view.ownsPartition(partition)) {
      throw Status.FAILED_PRECONDITION.withDescription("not owner at the sender's epoch: partition " + partition
          + " moved to " + view.self().name() + " at epoch " + view.ownedSince(partition) + ", after the epoch "
          + senderEpoch + " of the sender " + header.getSender() + "; the sender is to refresh its view and send "
          + "again").asRuntimeException();
    }
    throw Status.FAILED_PRECONDITION.withDescription("not owner: " + view.self().name()
        + " does not own partition " + partition + " at epoch " + view.epoch() + "; its owner is "
        + view.ownerOf(partition).name()).asRuntimeException();
  }

  /** Decodes the keys of a request, each of which this node must own, keeping their bytes. */
  Map<Object, ByteString> ownedKeys(HostedCache cache, Header header, List<ByteString> encoded) {
    Map<Object, ByteString> keys = new LinkedHashMap<>();
    for (ByteString bytes : encoded) {
      byte[] key = WireBytes.array(bytes);
      requireOwner(header, key);
      keys.put(decode(cache, key, "key"), bytes);
    }
    return keys;
  }

  /** Decodes what a request carries; fails the call with INVALID_ARGUMENT if it does not decode. */
  static Object decode(HostedCache cache, ByteString bytes, String what) {
    return decode(cache, WireBytes.array(bytes), what);
  }

  /** Decodes what a request carries; fails the call with INVALID_ARGUMENT if it does not decode. */
  static Object decode(HostedCache cache, byte[] bytes, String what) {
    try {
      return cache.codec().decode(bytes);
    } catch (CodecException e) {
      throw invalid("the " + what + " for cache " + cache.id() + " cannot be decoded: " + e.getMessage());
    }
  }

  /** Encodes a value for a reply. */
  static ByteString encode(HostedCache cache, Object value) {
    return WireBytes.wrap(cache.codec().encode(value));
  }

  /** Decodes an entry processor; fails the call with INVALID_ARGUMENT if it is not one. */
  @SuppressWarnings("unchecked")
  static EntryProcessor<Object, Object, Object> processor(HostedCache cache, ByteString bytes) {
    Object processor = decode(cache, bytes, "entry processor");
    if (!(processor instanceof EntryProcessor<?, ?, ?>)) {
      throw invalid("the entry processor for cache " + cache.id() + " decoded to a "
          + processor.getClass().getName() + ", which is not an EntryProcessor");
    }
    return (EntryProcessor<Object, Object, Object>) processor;
  }

  /** Decodes an entry processor's arguments. */
  static Object[] arguments(HostedCache cache, List<ByteString> encoded) {
    List<Object> arguments = new ArrayList<>(encoded.size());
    for (ByteString argument : encoded) {
      arguments.add(decode(cache, argument, "entry processor argument"));
    }
    return arguments.toArray();
  }

  /** The reply of an operation that returns a value, with its counts. */
  static Reply valueReply(HostedCache cache, Object value, RemoteCounts counts) {
    return encodedValueReply(value == null ? null : cache.codec().encode(value), counts);
  }

  /**
   * The reply of an operation that returns a value, given as its encoding (sent as it is, so
   * never to be changed), with its counts.
   */
  static Reply encodedValueReply(byte[] value, RemoteCounts counts) {
    Reply.Builder reply = Reply.newBuilder().setCounts(counts.toProto());
    if (value != null) {
      reply.setPresent(true).setValue(WireBytes.wrap(value));
    }
    return reply.build();
  }

  /** The reply of an operation that returns a flag, with its counts. */
  static Reply flagReply(boolean flag, RemoteCounts counts) {
    return Reply.newBuilder().setFlag(flag).setCounts(counts.toProto()).build();
  }

  /** The status that fails a call whose request cannot be read. */
  static StatusRuntimeException invalid(String description) {
    return Status.INVALID_ARGUMENT.withDescription(description).asRuntimeException();
  }
}
