package io.peanutcache.cluster.transport;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.peanutcache.CodecException;
import io.peanutcache.PeanutConfiguration;
import io.peanutcache.cluster.hosting.CacheId;
import io.peanutcache.cluster.ring.ClusterView;
import io.peanutcache.cluster.hosting.HostedCache;
import io.peanutcache.cluster.peers.CacheDefinition;
import io.peanutcache.cluster.peers.DefineOutcome;
import io.peanutcache.cluster.transport.proto.CacheRequest;
import io.peanutcache.cluster.transport.proto.DefineCacheReply;
import io.peanutcache.cluster.transport.proto.DefineCacheRequest;
import io.peanutcache.cluster.transport.proto.DefinitionReply;
import io.peanutcache.cluster.transport.proto.EntriesReply;
import io.peanutcache.cluster.transport.proto.EventRequest;
import io.peanutcache.cluster.transport.proto.ListenerRequest;
import io.peanutcache.cluster.transport.proto.EntriesRequest;
import io.peanutcache.cluster.transport.proto.Entry;
import io.peanutcache.cluster.transport.proto.Header;
import io.peanutcache.cluster.transport.proto.HotReply;
import io.peanutcache.cluster.transport.proto.InvalidationAck;
import io.peanutcache.cluster.transport.proto.InvalidationBatch;
import io.peanutcache.cluster.transport.proto.InvokeAllReply;
import io.peanutcache.cluster.transport.proto.InvokeAllRequest;
import io.peanutcache.cluster.transport.proto.InvokeRequest;
import io.peanutcache.cluster.transport.proto.InvokeResult;
import io.peanutcache.cluster.transport.proto.IterateRequest;
import io.peanutcache.cluster.transport.proto.KeyRequest;
import io.peanutcache.cluster.transport.proto.KeysRequest;
import io.peanutcache.cluster.transport.proto.LeaseReply;
import io.peanutcache.cluster.transport.proto.LeaseRequest;
import io.peanutcache.cluster.transport.proto.LoadAllRequest;
import io.peanutcache.cluster.transport.proto.PeerGrpc;
import io.peanutcache.cluster.transport.proto.PutRequest;
import io.peanutcache.cluster.transport.proto.RemoveAllRequest;
import io.peanutcache.cluster.transport.proto.RemoveRequest;
import io.peanutcache.cluster.transport.proto.ReplaceRequest;
import io.peanutcache.cluster.transport.proto.Reply;
import io.peanutcache.cluster.transport.proto.StatisticsReply;
import io.peanutcache.engine.CacheEngine;
import io.peanutcache.management.ClusterStatistics;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.cache.event.EventType;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.EntryProcessorResult;

/**
 * Runs the operations peers forward to this node, for the keys it owns.
 *
 * <p>Each request names a cache; if this node does not host it yet it fetches the definition from
 * the sender. Each key must belong to a partition this node owns by its own view; if it does not
 * (after catching up when the sender's epoch is newer) the call fails with FAILED_PRECONDITION and
 * the sender retries with a fresh view. The operation runs on this node's engine with the loader,
 * writer and expiry policy of the cache; its result, the counts it made and any exception it threw
 * go back in the reply. Undecodable bytes fail the call with INVALID_ARGUMENT and change nothing.
 */
public final class PeerService extends PeerGrpc.PeerImplBase {

  private static final int ITERATION_CHUNK = 256;

  private final PeerHost host;

  /**
   * The service of a node.
   *
   * @param host the node
   */
  public PeerService(PeerHost host) {
    this.host = host;
  }

  // ---------------------------------------------------------------- single keys

  @Override
  public void get(KeyRequest request, StreamObserver<Reply> out) {
    Reply hit = hitWithoutBlocking(request);
    if (hit != null) {
      out.onNext(hit);
      out.onCompleted();
      return;
    }
    keyed(request.getHeader(), request.getKey(), out, (cache, key, counts) ->
        valueReply(cache, cache.engine().get(key, counts), counts));
  }

  /**
   * Answers a get on the network thread when it is a plain hit that runs no application code;
   * null when the request must take the full path on the executor.
   */
  private Reply hitWithoutBlocking(KeyRequest request) {
    Header header = request.getHeader();
    HostedCache cache = host.caches().get(new CacheId(header.getCacheUri(), header.getCacheName()));
    if (cache == null) {
      return null;
    }
    byte[] bytes = request.getKey().toByteArray();
    ClusterView view = host.view();
    if (!view.ownsPartition(view.partitionOf(bytes))) {
      return null;
    }
    Object key;
    try {
      key = cache.codec().decode(bytes);
    } catch (CodecException e) {
      return null;
    }
    RemoteCounts counts = new RemoteCounts();
    Object value = cache.engine().hitWithoutBlocking(key, counts);
    if (value == null) {
      return null;
    }
    host.caches().countOwnerOperations(1);
    return valueReply(cache, value, counts);
  }

  @Override
  public void containsKey(KeyRequest request, StreamObserver<Reply> out) {
    keyed(request.getHeader(), request.getKey(), out, (cache, key, counts) ->
        Reply.newBuilder().setFlag(cache.engine().containsKey(key)).build());
  }

  @Override
  public void put(PutRequest request, StreamObserver<Reply> out) {
    keyed(request.getHeader(), request.getKey(), out, (cache, key, counts) -> {
      Object value = decode(cache, request.getValue(), "value");
      CacheEngine<Object, Object> engine = cache.engine();
      return switch (request.getMode()) {
        case PUT -> {
          engine.put(key, value, counts);
          yield Reply.newBuilder().setCounts(counts.toProto()).build();
        }
        case GET_AND_PUT -> valueReply(cache, engine.getAndPut(key, value, counts), counts);
        case PUT_IF_ABSENT -> flagReply(engine.putIfAbsent(key, value, counts), counts);
        case UNRECOGNIZED -> throw invalid("unknown put mode " + request.getModeValue());
      };
    });
  }

  @Override
  public void remove(RemoveRequest request, StreamObserver<Reply> out) {
    keyed(request.getHeader(), request.getKey(), out, (cache, key, counts) -> {
      CacheEngine<Object, Object> engine = cache.engine();
      return switch (request.getMode()) {
        case REMOVE -> flagReply(engine.remove(key, counts), counts);
        case GET_AND_REMOVE -> valueReply(cache, engine.getAndRemove(key, counts), counts);
        case REMOVE_IF_EQUAL -> flagReply(
            engine.remove(key, decode(cache, request.getExpected(), "expected value"), counts), counts);
        case UNRECOGNIZED -> throw invalid("unknown remove mode " + request.getModeValue());
      };
    });
  }

  @Override
  public void replace(ReplaceRequest request, StreamObserver<Reply> out) {
    keyed(request.getHeader(), request.getKey(), out, (cache, key, counts) -> {
      Object value = decode(cache, request.getValue(), "value");
      CacheEngine<Object, Object> engine = cache.engine();
      return switch (request.getMode()) {
        case REPLACE -> flagReply(engine.replace(key, value, counts), counts);
        case GET_AND_REPLACE -> valueReply(cache, engine.getAndReplace(key, value, counts), counts);
        case REPLACE_IF_EQUAL -> flagReply(engine.replace(key,
            decode(cache, request.getExpected(), "expected value"), value, counts), counts);
        case UNRECOGNIZED -> throw invalid("unknown replace mode " + request.getModeValue());
      };
    });
  }

  @Override
  public void invoke(InvokeRequest request, StreamObserver<Reply> out) {
    keyed(request.getHeader(), request.getKey(), out, (cache, key, counts) -> {
      EntryProcessor<Object, Object, Object> processor = processor(cache, request.getProcessor());
      Object[] arguments = arguments(cache, request.getArgumentsList());
      return valueReply(cache, cache.engine().invoke(key, processor, arguments, counts), counts);
    });
  }

  @Override
  public StreamObserver<LeaseRequest> lease(StreamObserver<LeaseReply> out) {
    return new LeaseStream(host, (ServerCallStreamObserver<LeaseReply>) out, this::cache, this::requireOwner);
  }

  // ---------------------------------------------------------------- several keys

  @Override
  public void getAll(KeysRequest request, StreamObserver<EntriesReply> out) {
    answer(out, () -> {
      HostedCache cache = cache(request.getHeader());
      Map<Object, ByteString> keys = ownedKeys(cache, request.getHeader(), request.getKeysList());
      RemoteCounts counts = new RemoteCounts();
      EntriesReply.Builder reply = EntriesReply.newBuilder();
      try {
        Map<Object, Object> values = cache.engine().getAll(keys.keySet(), counts);
        for (Map.Entry<Object, Object> entry : values.entrySet()) {
          reply.addEntries(Entry.newBuilder().setKey(keys.get(entry.getKey()))
              .setValue(encode(cache, entry.getValue())));
        }
      } catch (RuntimeException e) {
        reply.clearEntries().setFailure(Failures.of(e));
      }
      return reply.setCounts(counts.toProto()).build();
    });
  }

  @Override
  public void putAll(EntriesRequest request, StreamObserver<Reply> out) {
    answer(out, () -> {
      HostedCache cache = cache(request.getHeader());
      Map<Object, Object> entries = new LinkedHashMap<>();
      for (Entry entry : request.getEntriesList()) {
        Object key = decode(cache, entry.getKey(), "key");
        requireOwner(request.getHeader(), entry.getKey().toByteArray());
        entries.put(key, decode(cache, entry.getValue(), "value"));
      }
      return run(counts -> cache.engine().putAll(entries, counts));
    });
  }

  @Override
  public void removeAll(RemoveAllRequest request, StreamObserver<Reply> out) {
    answer(out, () -> {
      HostedCache cache = cache(request.getHeader());
      if (request.getAll()) {
        return run(counts -> cache.engine().removeAll(counts));
      }
      Set<Object> keys = ownedKeys(cache, request.getHeader(), request.getKeysList()).keySet();
      return run(counts -> cache.engine().removeAll(keys, counts));
    });
  }

  @Override
  public void loadAll(LoadAllRequest request, StreamObserver<Reply> out) {
    answer(out, () -> {
      HostedCache cache = cache(request.getHeader());
      Set<Object> keys = ownedKeys(cache, request.getHeader(), request.getKeysList()).keySet();
      return run(counts -> cache.engine().loadAll(keys, request.getReplaceExisting()));
    });
  }

  @Override
  public void clear(CacheRequest request, StreamObserver<Reply> out) {
    answer(out, () -> {
      HostedCache cache = cache(request.getHeader());
      return run(counts -> cache.engine().clear());
    });
  }

  @Override
  public void invokeAll(InvokeAllRequest request, StreamObserver<InvokeAllReply> out) {
    answer(out, () -> {
      HostedCache cache = cache(request.getHeader());
      Map<Object, ByteString> keys = ownedKeys(cache, request.getHeader(), request.getKeysList());
      RemoteCounts counts = new RemoteCounts();
      InvokeAllReply.Builder reply = InvokeAllReply.newBuilder();
      try {
        EntryProcessor<Object, Object, Object> processor = processor(cache, request.getProcessor());
        Object[] arguments = arguments(cache, request.getArgumentsList());
        Map<Object, EntryProcessorResult<Object>> results =
            cache.engine().invokeAll(keys.keySet(), processor, arguments, counts);
        for (Map.Entry<Object, EntryProcessorResult<Object>> result : results.entrySet()) {
          InvokeResult.Builder one = InvokeResult.newBuilder().setKey(keys.get(result.getKey()));
          try {
            Object value = result.getValue().get();
            if (value != null) {
              one.setPresent(true).setValue(encode(cache, value));
            }
          } catch (RuntimeException e) {
            one.setFailure(Failures.of(e));
          }
          reply.addResults(one);
        }
      } catch (RuntimeException e) {
        reply.clearResults().setFailure(Failures.of(e));
      }
      return reply.setCounts(counts.toProto()).build();
    });
  }

  @Override
  public void iterate(IterateRequest request, StreamObserver<EntriesReply> out) {
    host.executor().execute(() -> iterateNow(request, out));
  }

  private void iterateNow(IterateRequest request, StreamObserver<EntriesReply> out) {
    try {
      HostedCache cache = cache(request.getHeader());
      ClusterView view = host.view();
      Set<Integer> partitions = new HashSet<>(request.getPartitionsList());
      EntriesReply.Builder chunk = EntriesReply.newBuilder();
      var entries = cache.engine().listing();
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

  @Override
  public void touch(KeyRequest request, StreamObserver<Reply> out) {
    keyed(request.getHeader(), request.getKey(), out, (cache, key, counts) -> {
      cache.engine().touch(key);
      return Reply.getDefaultInstance();
    });
  }

  // ---------------------------------------------------------------- cache definitions

  @Override
  public void defineCache(DefineCacheRequest request, StreamObserver<DefineCacheReply> out) {
    answer(out, () -> DefinitionWire.reply(define(DefinitionWire.definition(request.getDefinition()))));
  }

  @Override
  public void statistics(CacheRequest request, StreamObserver<StatisticsReply> out) {
    answer(out, () -> {
      Header header = request.getHeader();
      HostedCache cache = host.caches().get(new CacheId(header.getCacheUri(), header.getCacheName()));
      if (cache == null) {
        return StatisticsReply.getDefaultInstance();
      }
      ClusterStatistics.NodeShare share = ClusterStatistics.shareOf(cache.handleStatistics());
      return StatisticsReply.newBuilder().setHits(share.hits()).setMisses(share.misses())
          .setPuts(share.puts()).setRemovals(share.removals()).setEvictions(share.evictions())
          .setHandles(share.handles()).build();
    });
  }

  @Override
  public void destroyCache(CacheRequest request, StreamObserver<Reply> out) {
    answer(out, () -> {
      Header header = request.getHeader();
      boolean destroyed = host.caches().destroy(new CacheId(header.getCacheUri(), header.getCacheName()));
      return Reply.newBuilder().setFlag(destroyed).build();
    });
  }

  @Override
  public void fetchDefinition(CacheRequest request, StreamObserver<DefinitionReply> out) {
    answer(out, () -> DefinitionWire.reply(host.definitions().describe(cacheId(request.getHeader()))));
  }

  // ---------------------------------------------------------------- listeners

  @Override
  public void addListener(ListenerRequest request, StreamObserver<Reply> out) {
    answer(out, () -> {
      host.listeners().add(cache(request.getHeader()), ListenerWire.spec(request.getListener()));
      return Reply.getDefaultInstance();
    });
  }

  @Override
  public void removeListener(ListenerRequest request, StreamObserver<Reply> out) {
    answer(out, () -> {
      HostedCache cache = host.caches().get(cacheId(request.getHeader()));
      if (cache != null) {
        host.listeners().remove(cache, ListenerWire.spec(request.getListener()));
      }
      return Reply.getDefaultInstance();
    });
  }

  @Override
  public void deliverEvent(EventRequest request, StreamObserver<Reply> out) {
    answer(out, () -> {
      CacheId id = cacheId(request.getHeader());
      HostedCache cache = host.caches().get(id);
      if (cache == null) {
        throw Status.NOT_FOUND.withDescription("cache " + id + " is not hosted on "
            + host.view().self().name()).asRuntimeException();
      }
      EventType type;
      try {
        type = ListenerWire.type(request.getKind());
      } catch (IllegalArgumentException e) {
        throw invalid(e.getMessage());
      }
      Object key = decode(cache, request.getKey(), "key");
      Object value = request.getHasValue() ? decode(cache, request.getValue(), "value") : null;
      Object oldValue = request.getHasOldValue() ? decode(cache, request.getOldValue(), "old value") : null;
      boolean delivered;
      try {
        delivered = cache.events().deliverNow(request.getListenerId(), type, key, value, oldValue);
      } catch (RuntimeException e) {
        return Reply.newBuilder().setFailure(Failures.of(e)).build();
      }
      if (!delivered) {
        throw Status.NOT_FOUND.withDescription("no listener " + request.getListenerId() + " of cache "
            + id + " is registered on " + host.view().self().name()).asRuntimeException();
      }
      return Reply.getDefaultInstance();
    });
  }

  private DefineOutcome define(CacheDefinition definition) {
    PeanutConfiguration<Object, Object> configuration;
    try {
      configuration = host.definitions().configuration(definition);
    } catch (CodecException e) {
      throw invalid("the configuration of cache " + definition.id().name() + " cannot be read: "
          + e.getMessage());
    }
    return host.definitions().defineFromPeer(definition.id(), configuration);
  }

  // ---------------------------------------------------------------- shared steps

  /** One key's operation: resolves the cache, checks ownership, decodes the key, replies. */
  private void keyed(Header header, ByteString keyBytes, StreamObserver<Reply> out, KeyedOperation operation) {
    answer(out, () -> {
      HostedCache cache = cache(header);
      byte[] bytes = keyBytes.toByteArray();
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
  private interface KeyedOperation {
    Reply run(HostedCache cache, Object key, RemoteCounts counts);
  }

  /** Runs an operation that returns nothing, capturing its counts and any failure. */
  private static Reply run(java.util.function.Consumer<RemoteCounts> operation) {
    RemoteCounts counts = new RemoteCounts();
    try {
      operation.accept(counts);
      return Reply.newBuilder().setCounts(counts.toProto()).build();
    } catch (RuntimeException e) {
      return Reply.newBuilder().setFailure(Failures.of(e)).setCounts(counts.toProto()).build();
    }
  }

  /** Runs a request on the executor, off the network thread, since it may block. */
  private <R> void answer(StreamObserver<R> out, java.util.function.Supplier<R> reply) {
    host.executor().execute(() -> answerNow(out, reply));
  }

  private static <R> void answerNow(StreamObserver<R> out, java.util.function.Supplier<R> reply) {
    R result;
    try {
      result = reply.get();
    } catch (StatusRuntimeException e) {
      out.onError(e);
      return;
    } catch (RuntimeException | Error e) {
      // the call must end now, not at the caller's deadline
      out.onError(Status.INTERNAL.withDescription("the request failed: " + e).withCause(e).asRuntimeException());
      return;
    }
    out.onNext(result);
    out.onCompleted();
  }

  private static CacheId cacheId(Header header) {
    return new CacheId(header.getCacheUri(), header.getCacheName());
  }

  private HostedCache cache(Header header) {
    CacheId id = cacheId(header);
    HostedCache cache = host.hosted(id, header.getSender());
    if (cache == null) {
      throw Status.NOT_FOUND.withDescription("cache " + id + " is not known on "
          + host.view().self().name() + " nor on the sender " + header.getSender()).asRuntimeException();
    }
    return cache;
  }

  /** Fails the call unless this node owns the key by its view, caught up to the sender's epoch. */
  private void requireOwner(Header header, byte[] key) {
    ClusterView view = host.view();
    int partition = view.partitionOf(key);
    if (view.ownsPartition(partition)) {
      host.caches().countOwnerOperations(1);
      return;
    }
    if (header.getEpoch() > view.epoch()) {
      host.refreshMembership();
      view = host.view();
      if (view.ownsPartition(partition)) {
        host.caches().countOwnerOperations(1);
        return;
      }
    }
    throw Status.FAILED_PRECONDITION.withDescription("not owner: " + view.self().name()
        + " does not own partition " + partition + " at epoch " + view.epoch() + "; its owner is "
        + view.ownerOf(partition).name()).asRuntimeException();
  }

  /** Decodes the keys of a request, each of which this node must own, keeping their bytes. */
  private Map<Object, ByteString> ownedKeys(HostedCache cache, Header header, List<ByteString> encoded) {
    Map<Object, ByteString> keys = new LinkedHashMap<>();
    for (ByteString bytes : encoded) {
      byte[] key = bytes.toByteArray();
      requireOwner(header, key);
      keys.put(decode(cache, key, "key"), bytes);
    }
    return keys;
  }

  private static Object decode(HostedCache cache, ByteString bytes, String what) {
    return decode(cache, bytes.toByteArray(), what);
  }

  private static Object decode(HostedCache cache, byte[] bytes, String what) {
    try {
      return cache.codec().decode(bytes);
    } catch (CodecException e) {
      throw invalid("corrupt " + what + " for cache " + cache.id() + ": " + e.getMessage());
    }
  }

  private static ByteString encode(HostedCache cache, Object value) {
    return ByteString.copyFrom(cache.codec().encode(value));
  }

  @SuppressWarnings("unchecked")
  private static EntryProcessor<Object, Object, Object> processor(HostedCache cache, ByteString bytes) {
    Object processor = decode(cache, bytes, "entry processor");
    if (!(processor instanceof EntryProcessor<?, ?, ?>)) {
      throw invalid("the entry processor for cache " + cache.id() + " decoded to a "
          + processor.getClass().getName() + ", which is not an EntryProcessor");
    }
    return (EntryProcessor<Object, Object, Object>) processor;
  }

  private static Object[] arguments(HostedCache cache, List<ByteString> encoded) {
    List<Object> arguments = new ArrayList<>(encoded.size());
    for (ByteString argument : encoded) {
      arguments.add(decode(cache, argument, "entry processor argument"));
    }
    return arguments.toArray();
  }

  private static Reply valueReply(HostedCache cache, Object value, RemoteCounts counts) {
    Reply.Builder reply = Reply.newBuilder().setCounts(counts.toProto());
    if (value != null) {
      reply.setPresent(true).setValue(encode(cache, value));
    }
    return reply.build();
  }

  private static Reply flagReply(boolean flag, RemoteCounts counts) {
    return Reply.newBuilder().setFlag(flag).setCounts(counts.toProto()).build();
  }

  private static StatusRuntimeException invalid(String description) {
    return Status.INVALID_ARGUMENT.withDescription(description).asRuntimeException();
  }

  // ---------------------------------------------------------------- hot cache

  @Override
  public void hotGet(KeyRequest request, StreamObserver<HotReply> out) {
    // the partition's sequence is read here, before get reads the value
    get(request, HotReplies.stamping(host.hot(), request, out));
  }

  @Override
  public void invalidate(InvalidationBatch request, StreamObserver<InvalidationAck> out) {
    // quick and non-blocking: applied on the network thread, in the order batches arrive
    host.hot().receive(HotWire.invalidations(request));
    out.onNext(InvalidationAck.getDefaultInstance());
    out.onCompleted();
  }
}
