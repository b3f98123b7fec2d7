package io.peanutcache.cluster.transport;

import com.google.protobuf.ByteString;
import io.peanutcache.cluster.hosting.CacheId;
import io.peanutcache.cluster.membership.Member;
import io.peanutcache.cluster.peers.HotStamp;
import io.peanutcache.cluster.peers.HotValue;
import io.peanutcache.cluster.peers.KeyReply;
import io.peanutcache.cluster.peers.OwnerCalls;
import io.peanutcache.cluster.peers.OwnerLease;
import io.peanutcache.cluster.peers.PutMode;
import io.peanutcache.cluster.peers.RemoveMode;
import io.peanutcache.cluster.peers.ReplaceMode;
import io.peanutcache.cluster.ring.ClusterView;
import io.peanutcache.cluster.transport.proto.HotReply;
import io.peanutcache.cluster.transport.proto.InvokeRequest;
import io.peanutcache.cluster.transport.proto.KeyRequest;
import io.peanutcache.cluster.transport.proto.LeaseAcquire;
import io.peanutcache.cluster.transport.proto.PutRequest;
import io.peanutcache.cluster.transport.proto.ReadKind;
import io.peanutcache.cluster.transport.proto.RemoveRequest;
import io.peanutcache.cluster.transport.proto.ReplaceRequest;
import io.peanutcache.cluster.transport.proto.Reply;
import io.peanutcache.management.StatisticsRecorder;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * One cache's calls to the owners of its keys over gRPC: builds each request with the header of
 * the view it was routed by, gives it the deadline of its kind (a read of a read-through cache
 * waits for the owner's load), and reads the reply: the owner's counts go into the caller's
 * statistics and the owner's failure is thrown here (see {@link Replies}).
 */
public final class OwnerClient extends CacheClient implements OwnerCalls {

  /**
   * The calls of one cache.
   *
   * @param clients the node's client of each peer
   * @param id the cache
   * @param readThrough whether the cache loads its misses
   */
  public OwnerClient(Function<Member, PeerClient> clients, CacheId id, boolean readThrough) {
    super(clients, id, readThrough);
  }

  @Override
  public byte[] get(Member owner, ClusterView view, byte[] key, StatisticsRecorder stats) {
    PeerClient client = clients.apply(owner);
    return Replies.value(client.read("get", id, reads, ReadKind.GET, view, key).getReply(), client, stats);
  }

  @Override
  public <R> CompletableFuture<R> getAsync(Member owner, ClusterView view, byte[] key, StatisticsRecorder stats,
      Executor executor, Function<byte[], R> decode) {
    PeerClient client = clients.apply(owner);
    return client.readAsync("get", id, reads, ReadKind.GET, view, key, executor)
        .thenApply(reply -> decode.apply(Replies.value(reply.getReply(), client, stats)));
  }

  @Override
  public HotValue hotGet(Member owner, ClusterView view, byte[] key, StatisticsRecorder stats) {
    PeerClient client = clients.apply(owner);
    return hotValue(client.read("get", id, reads, ReadKind.HOT_GET, view, key), client, stats);
  }

  @Override
  public <R> CompletableFuture<R> hotGetAsync(Member owner, ClusterView view, byte[] key,
      StatisticsRecorder stats, Executor executor, Function<HotValue, R> then) {
    PeerClient client = clients.apply(owner);
    return client.readAsync("get", id, reads, ReadKind.HOT_GET, view, key, executor)
        .thenApply(reply -> then.apply(hotValue(reply, client, stats)));
  }

  /** The value and stamp of a hot get's reply, after recording its counts; null without a value. */
  private static HotValue hotValue(HotReply reply, PeerClient owner, StatisticsRecorder stats) {
    byte[] value = Replies.value(reply.getReply(), owner, stats);
    return value == null ? null
        : new HotValue(value, new HotStamp(reply.getIncarnation(), reply.getSequence(), reply.getExpiresInNanos()));
  }

  @Override
  public boolean containsKey(Member owner, ClusterView view, byte[] key) {
    PeerClient client = clients.apply(owner);
    Reply reply = client.call("containsKey", id, CallKind.READ, stub -> stub.containsKey(keyRequest(view, key)));
    return Replies.flag(reply, client, null);
  }

  @Override
  public KeyReply put(Member owner, ClusterView view, byte[] key, byte[] value, PutMode mode,
      StatisticsRecorder stats) {
    PutRequest request = PutRequest.newBuilder().setHeader(Headers.of(id, view)).setKey(ByteString.copyFrom(key))
        .setValue(ByteString.copyFrom(value)).setMode(wire(mode)).build();
    String operation = mode == PutMode.PUT_IF_ABSENT ? "putIfAbsent" : "put";
    PeerClient client = clients.apply(owner);
    return keyReply(client.call(operation, id, stub -> stub.put(request)), client, stats);
  }

  @Override
  public KeyReply remove(Member owner, ClusterView view, byte[] key, RemoveMode mode, byte[] expected,
      StatisticsRecorder stats) {
    RemoveRequest.Builder request = RemoveRequest.newBuilder().setHeader(Headers.of(id, view))
        .setKey(ByteString.copyFrom(key)).setMode(wire(mode));
    if (expected != null) {
      request.setExpected(ByteString.copyFrom(expected));
    }
    String operation = mode == RemoveMode.GET_AND_REMOVE ? "getAndRemove" : "remove";
    PeerClient client = clients.apply(owner);
    return keyReply(client.call(operation, id, stub -> stub.remove(request.build())), client, stats);
  }

  @Override
  public KeyReply replace(Member owner, ClusterView view, byte[] key, byte[] value, ReplaceMode mode,
      byte[] expected, StatisticsRecorder stats) {
    ReplaceRequest.Builder request = ReplaceRequest.newBuilder().setHeader(Headers.of(id, view))
        .setKey(ByteString.copyFrom(key)).setValue(ByteString.copyFrom(value)).setMode(wire(mode));
    if (expected != null) {
      request.setExpected(ByteString.copyFrom(expected));
    }
    String operation = mode == ReplaceMode.GET_AND_REPLACE ? "getAndReplace" : "replace";
    PeerClient client = clients.apply(owner);
    return keyReply(client.call(operation, id, stub -> stub.replace(request.build())), client, stats);
  }

  @Override
  public byte[] invoke(Member owner, ClusterView view, byte[] key, byte[] processor, List<byte[]> arguments,
      StatisticsRecorder stats) {
    InvokeRequest.Builder request = InvokeRequest.newBuilder().setHeader(Headers.of(id, view))
        .setKey(ByteString.copyFrom(key)).setProcessor(ByteString.copyFrom(processor));
    for (byte[] argument : arguments) {
      request.addArguments(ByteString.copyFrom(argument));
    }
    PeerClient client = clients.apply(owner);
    Reply reply = client.call("invoke", id, processors, stub -> stub.invoke(request.build()));
    return Replies.value(reply, client, stats);
  }

  @Override
  public OwnerLease lease(Member owner, ClusterView view, byte[] key, Duration deadline) {
    return LeaseCall.open(clients.apply(owner), id, deadline, LeaseAcquire.newBuilder()
        .setHeader(Headers.of(id, view)).setKey(ByteString.copyFrom(key)).build());
  }

  private KeyRequest keyRequest(ClusterView view, byte[] key) {
    return KeyRequest.newBuilder().setHeader(Headers.of(id, view)).setKey(ByteString.copyFrom(key)).build();
  }

  private static io.peanutcache.cluster.transport.proto.PutMode wire(PutMode mode) {
    return switch (mode) {
      case PUT -> io.peanutcache.cluster.transport.proto.PutMode.PUT;
      case GET_AND_PUT -> io.peanutcache.cluster.transport.proto.PutMode.GET_AND_PUT;
      case PUT_IF_ABSENT -> io.peanutcache.cluster.transport.proto.PutMode.PUT_IF_ABSENT;
    };
  }

  private static io.peanutcache.cluster.transport.proto.RemoveMode wire(RemoveMode mode) {
    return switch (mode) {
      case REMOVE -> io.peanutcache.cluster.transport.proto.RemoveMode.REMOVE;
      case GET_AND_REMOVE -> io.peanutcache.cluster.transport.proto.RemoveMode.GET_AND_REMOVE;
      case REMOVE_IF_EQUAL -> io.peanutcache.cluster.transport.proto.RemoveMode.REMOVE_IF_EQUAL;
    };
  }

  private static io.peanutcache.cluster.transport.proto.ReplaceMode wire(ReplaceMode mode) {
    return switch (mode) {
      case REPLACE -> io.peanutcache.cluster.transport.proto.ReplaceMode.REPLACE;
      case GET_AND_REPLACE -> io.peanutcache.cluster.transport.proto.ReplaceMode.GET_AND_REPLACE;
      case REPLACE_IF_EQUAL -> io.peanutcache.cluster.transport.proto.ReplaceMode.REPLACE_IF_EQUAL;
    };
  }

  /** The flag and value of a reply to a change, after recording its counts; rethrows the owner's failure. */
  private static KeyReply keyReply(Reply reply, PeerClient owner, StatisticsRecorder stats) {
    byte[] value = Replies.value(reply, owner, stats);
    return new KeyReply(reply.getFlag(), value);
  }
}
