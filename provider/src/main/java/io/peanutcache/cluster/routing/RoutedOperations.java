package io.peanutcache.cluster.routing;

import com.google.protobuf.ByteString;
import io.peanutcache.codec.ValueCodec;
import io.peanutcache.cluster.hosting.CacheId;
import io.peanutcache.cluster.ring.ClusterView;
import io.peanutcache.cluster.hosting.HostedCache;
import io.peanutcache.cluster.Node;
import io.peanutcache.cluster.hot.HotCache;
import io.peanutcache.cluster.membership.Member;
import io.peanutcache.cluster.transport.CallKind;
import io.peanutcache.cluster.transport.PeerClient;
import io.peanutcache.PeerException;
import io.peanutcache.cluster.transport.Replies;
import io.peanutcache.cluster.transport.proto.CacheRequest;
import io.peanutcache.cluster.transport.proto.EntriesReply;
import io.peanutcache.cluster.transport.proto.EntriesRequest;
import io.peanutcache.cluster.transport.HotWire;
import io.peanutcache.cluster.transport.proto.HotReply;
import io.peanutcache.cluster.transport.proto.Entry;
import io.peanutcache.cluster.transport.proto.InvokeAllReply;
import io.peanutcache.cluster.transport.proto.InvokeAllRequest;
import io.peanutcache.cluster.transport.proto.InvokeRequest;
import io.peanutcache.cluster.transport.proto.InvokeResult;
import io.peanutcache.cluster.transport.proto.KeyRequest;
import io.peanutcache.cluster.transport.proto.KeysRequest;
import io.peanutcache.cluster.transport.proto.LoadAllRequest;
import io.peanutcache.cluster.transport.proto.PutMode;
import io.peanutcache.cluster.transport.proto.PutRequest;
import io.peanutcache.cluster.transport.proto.RemoveAllRequest;
import io.peanutcache.cluster.transport.proto.RemoveMode;
import io.peanutcache.cluster.transport.proto.RemoveRequest;
import io.peanutcache.cluster.transport.proto.ReplaceMode;
import io.peanutcache.cluster.transport.proto.ReplaceRequest;
import io.peanutcache.cluster.transport.proto.Reply;
import io.peanutcache.engine.CacheEngine;
import io.peanutcache.engine.CacheOperations;
import io.peanutcache.engine.ClusterOperations;
import io.peanutcache.cluster.transport.proto.StatisticsReply;
import io.peanutcache.management.CacheStatistics;
import io.peanutcache.management.ClusterStatistics;
import io.peanutcache.management.StatisticsRecorder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import javax.cache.Cache;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.EntryProcessorException;
import javax.cache.processor.EntryProcessorResult;

/**
 * A cache's operations in a cluster: each key's operation runs on its owner.
 *
 * <p>The key is encoded once; its bytes pick the partition and so the owner in this node's view.
 * If this node owns it, the local engine runs the operation; otherwise one call goes to the owner,
 * which runs it with the cache's loader, writer and expiry policy and sends back the result and
 * the counts for this handle's statistics. An owner that answers "not owner" makes this node
 * refresh its view and retry, a bounded number of times. A read of a read-through cache waits for
 * the owner's load (see {@link CallKind}); only when the owner cannot be reached at all does a
 * read-through {@code get} or {@code getAll} load the value here, returning it without storing it;
 * every other operation then fails naming the peer. Bulk operations are split by
 * owner, one request per owner, sent in parallel. With a hot cache, {@code get} first looks for
 * this node's copy of the entry, and a get from the owner keeps one (see
 * {@link io.peanutcache.cluster.hot.HotCache}). An entry processor that is not serializable runs
 * here, under its key's lease at the owner (see {@link LeasedInvoke}).
 *
 * @param <K> the type of keys
 * @param <V> the type of values
 */
public final class RoutedOperations<K, V> implements CacheOperations<K, V>, ClusterOperations<K> {

  /** How many times an operation is sent again after an owner said it is not the owner. */
  private static final int NOT_OWNER_RETRIES = 3;

  private final Node node;
  private final CacheId id;
  private final CacheEngine<K, V> local;
  private final ValueCodec codec;
  private final HostedCache hosted;
  /** This node's copies of entries others own, or null when the cache has no hot cache. */
  private final HotCache hot;
  /** Whether a miss runs the cache's loader: reads may then wait for the owner's load. */
  private final boolean readThrough;
  /** The kind of this cache's reads: loads when it reads through. */
  private final CallKind reads;
  /** Runs the processors that cannot be sent to the owner, under the key's lease. */
  private final LeasedInvoke<K, V> leased;
  private CacheStatistics attached;

  /**
   * Routes the operations of a hosted cache.
   *
   * @param node this node
   * @param cache the cache as this node hosts it
   */
  @SuppressWarnings("unchecked")
  public RoutedOperations(Node node, HostedCache cache) {
    this.node = node;
    this.id = cache.id();
    this.local = (CacheEngine<K, V>) (CacheEngine<?, ?>) cache.engine();
    this.codec = cache.codec();
    this.hosted = cache;
    this.hot = node.hot().copies(id);
    this.readThrough = local.isReadThrough();
    this.reads = CallKind.read(readThrough);
    this.leased = new LeasedInvoke<>(node, id, local, codec);
  }

  /**
   * Counts a handle's statistics in this node's share of the cluster-wide view while it is open.
   *
   * @param statistics the handle's statistics
   */
  public void attach(CacheStatistics statistics) {
    this.attached = statistics;
    hosted.handleStatistics().add(statistics);
  }

  // ---------------------------------------------------------------- single keys

  @Override
  @SuppressWarnings("unchecked")
  public V get(K key, StatisticsRecorder stats) {
    HotCache copies = hot;
    if (copies != null) {
      Object copy = copies.get(key);
      if (copy != null) {
        stats.recordHits(1);
        return (V) copy;
      }
    }
    return route(key, "get",
        () -> local.get(key, stats),
        copies == null
            ? (client, view, bytes) -> value(client, stats,
                client.call("get", id, reads, stub -> stub.get(keyRequest(view, bytes))))
            : (client, view, bytes) -> getAndCopy(copies, client, view, bytes, key, stats),
        readThrough ? () -> {
          stats.recordMisses(1);
          return local.loadWithoutStoring(key);
        } : null);
  }

  @Override
  @SuppressWarnings("unchecked")
  public CompletableFuture<V> getAsync(K key, StatisticsRecorder stats, Executor executor) {
    HotCache copies = hot;
    if (copies != null) {
      Object copy = copies.get(key);
      if (copy != null) {
        stats.recordHits(1);
        return CompletableFuture.completedFuture((V) copy);
      }
    }
    return getAsync(codec.encode(key), key, stats, executor, 0);
  }

  /**
   * A get routed as {@link #route} routes it, without blocking: the owner's reply completes the
   * result; a "not owner" answer refreshes the view and routes again; an owner that cannot be
   * reached has a read-through cache load the value here, on {@code executor}.
   */
  private CompletableFuture<V> getAsync(byte[] bytes, K key, StatisticsRecorder stats, Executor executor,
      int attempt) {
    ClusterView view = node.view();
    Member owner = view.ownerOf(view.partitionOf(bytes));
    if (view.isSelf(owner)) {
      node.caches().countOwnerOperations(1);
      return local.getAsync(key, stats, executor);
    }
    PeerClient client = node.client(owner);
    HotCache copies = hot;
    CompletableFuture<V> value;
    if (copies == null) {
      value = client.<Reply>callAsync("get", id, reads,
          (stub, reply) -> stub.get(keyRequest(view, bytes), reply), executor)
          .thenApply(reply -> value(client, stats, reply));
    } else {
      long sentAt = copies.now();
      value = client.<HotReply>callAsync("get", id, reads,
          (stub, reply) -> stub.hotGet(keyRequest(view, bytes), reply), executor).thenApply(reply -> {
            V fetched = value(client, stats, reply.getReply());
            if (fetched != null) {
              copies.fill(key, view.partitionOf(bytes), view, reply.getReply().getValue().toByteArray(),
                  HotWire.stamp(reply), sentAt);
            }
            return fetched;
          });
    }
    return value.exceptionallyCompose(failure -> {
      Throwable cause = failure instanceof CompletionException && failure.getCause() != null
          ? failure.getCause() : failure;
      if (cause instanceof PeerException e && e.isNotOwner() && attempt < NOT_OWNER_RETRIES) {
        return CompletableFuture.runAsync(node::refreshMembership, executor)
            .thenCompose(refreshed -> getAsync(bytes, key, stats, executor, attempt + 1));
      }
      if (cause instanceof PeerException e && e.isUnreachable() && readThrough) {
        return CompletableFuture.supplyAsync(() -> {
          stats.recordMisses(1);
          return local.loadWithoutStoring(key);
        }, executor);
      }
      return CompletableFuture.failedFuture(cause);
    });
  }

  /** A get from the owner that keeps a hot copy of the value, if the owner's reply allows it. */
  private V getAndCopy(HotCache copies, PeerClient client, ClusterView view, byte[] bytes, K key,
      StatisticsRecorder stats) {
    long sentAt = copies.now();
    HotReply reply = client.call("get", id, reads, stub -> stub.hotGet(keyRequest(view, bytes)));
    V value = value(client, stats, reply.getReply());
    if (value != null) {
      copies.fill(key, view.partitionOf(bytes), view, reply.getReply().getValue().toByteArray(),
          HotWire.stamp(reply), sentAt);
    }
    return value;
  }

  @Override
  public boolean containsKey(K key) {
    return route(key, "containsKey", () -> local.containsKey(key),
        (client, view, bytes) -> flag(client, null,
            client.call("containsKey", id, CallKind.READ, stub -> stub.containsKey(keyRequest(view, bytes)))),
        null);
  }

  @Override
  public void put(K key, V value, StatisticsRecorder stats) {
    put(key, value, PutMode.PUT, stats, () -> {
      local.put(key, value, stats);
      return null;
    });
  }

  @Override
  public V getAndPut(K key, V value, StatisticsRecorder stats) {
    return put(key, value, PutMode.GET_AND_PUT, stats, () -> local.getAndPut(key, value, stats));
  }

  @Override
  public boolean putIfAbsent(K key, V value, StatisticsRecorder stats) {
    byte[] encodedValue = codec.encode(value);
    return route(key, "putIfAbsent", () -> local.putIfAbsent(key, value, stats),
        (client, view, bytes) -> flag(client, stats, client.call("putIfAbsent", id,
            stub -> stub.put(putRequest(view, bytes, encodedValue, PutMode.PUT_IF_ABSENT)))),
        null);
  }

  private V put(K key, V value, PutMode mode, StatisticsRecorder stats, Supplier<V> locally) {
    byte[] encodedValue = codec.encode(value);
    return route(key, mode == PutMode.PUT ? "put" : "getAndPut", locally,
        (client, view, bytes) -> value(client, stats, client.call("put", id,
            stub -> stub.put(putRequest(view, bytes, encodedValue, mode)))),
        null);
  }

  @Override
  public boolean remove(K key, StatisticsRecorder stats) {
    return route(key, "remove", () -> local.remove(key, stats),
        (client, view, bytes) -> flag(client, stats, client.call("remove", id,
            stub -> stub.remove(removeRequest(view, bytes, RemoveMode.REMOVE, null)))),
        null);
  }

  @Override
  public V getAndRemove(K key, StatisticsRecorder stats) {
    return route(key, "getAndRemove", () -> local.getAndRemove(key, stats),
        (client, view, bytes) -> value(client, stats, client.call("getAndRemove", id,
            stub -> stub.remove(removeRequest(view, bytes, RemoveMode.GET_AND_REMOVE, null)))),
        null);
  }

  @Override
  public boolean remove(K key, V expected, StatisticsRecorder stats) {
    byte[] encodedExpected = codec.encode(expected);
    return route(key, "remove", () -> local.remove(key, expected, stats),
        (client, view, bytes) -> flag(client, stats, client.call("remove", id, stub -> stub.remove(
            removeRequest(view, bytes, RemoveMode.REMOVE_IF_EQUAL, encodedExpected)))),
        null);
  }

  @Override
  public boolean replace(K key, V expected, V value, StatisticsRecorder stats) {
    byte[] encodedExpected = codec.encode(expected);
    byte[] encodedValue = codec.encode(value);
    return route(key, "replace", () -> local.replace(key, expected, value, stats),
        (client, view, bytes) -> flag(client, stats, client.call("replace", id, stub -> stub.replace(
            replaceRequest(view, bytes, encodedValue, ReplaceMode.REPLACE_IF_EQUAL, encodedExpected)))),
        null);
  }

  @Override
  public boolean replace(K key, V value, StatisticsRecorder stats) {
    byte[] encodedValue = codec.encode(value);
    return route(key, "replace", () -> local.replace(key, value, stats),
        (client, view, bytes) -> flag(client, stats, client.call("replace", id, stub -> stub.replace(
            replaceRequest(view, bytes, encodedValue, ReplaceMode.REPLACE, null)))),
        null);
  }

  @Override
  public V getAndReplace(K key, V value, StatisticsRecorder stats) {
    byte[] encodedValue = codec.encode(value);
    return route(key, "getAndReplace", () -> local.getAndReplace(key, value, stats),
        (client, view, bytes) -> value(client, stats, client.call("getAndReplace", id, stub -> stub.replace(
            replaceRequest(view, bytes, encodedValue, ReplaceMode.GET_AND_REPLACE, null)))),
        null);
  }

  @Override
  public <T> T invoke(K key, EntryProcessor<K, V, T> processor, Object[] arguments,
      StatisticsRecorder stats) {
    if (!(processor instanceof java.io.Serializable)) {
      // it cannot travel: it runs here, under the key's lease at the owner
      return route(key, "invoke", () -> leased.here(codec.encode(key), key, processor, arguments, stats),
          (client, view, bytes) -> leased.atOwner(client, view, bytes, key, processor, arguments, stats),
          null);
    }
    return route(key, "invoke", () -> local.invoke(key, processor, arguments, stats),
        (client, view, bytes) -> value(client, stats, client.call("invoke", id, CallKind.write(readThrough),
            stub -> stub.invoke(InvokeRequest.newBuilder().setHeader(Node.header(id, view))
                .setKey(ByteString.copyFrom(bytes))
                .setProcessor(encodeProcessor(processor))
                .addAllArguments(encodeArguments(arguments)).build()))),
        null);
  }

  // ---------------------------------------------------------------- several keys

  @Override
  public Map<K, V> getAll(Set<? extends K> keys, StatisticsRecorder stats) {
    OwnerGroups<K> groups = group(keys);
    Map<K, V> result = new HashMap<>();
    List<CompletableFuture<EntriesReply>> calls = new ArrayList<>();
    List<Map.Entry<Member, OwnerGroups.Group<K>>> remote = new ArrayList<>(groups.remote().entrySet());
    for (Map.Entry<Member, OwnerGroups.Group<K>> group : remote) {
      calls.add(async(() -> node.client(group.getKey()).call("getAll", id, reads, stub -> stub.getAll(
          KeysRequest.newBuilder().setHeader(Node.header(id, groups.view()))
              .addAllKeys(group.getValue().encoded).build()))));
    }
    if (!groups.local().keys.isEmpty()) {
      result.putAll(local.getAll(Set.copyOf(groups.local().keys), stats));
    }
    RuntimeException failure = null;
    for (int i = 0; i < calls.size(); i++) {
      Member owner = remote.get(i).getKey();
      OwnerGroups.Group<K> group = remote.get(i).getValue();
      try {
        EntriesReply reply = join(calls.get(i));
        Replies.record(reply.getCounts(), stats);
        if (reply.hasFailure()) {
          throw Replies.failure(reply.getFailure(), owner);
        }
        for (Entry entry : reply.getEntriesList()) {
          result.put(group.byBytes.get(entry.getKey()), decodeValue(entry.getValue()));
        }
      } catch (PeerException e) {
        if (e.isUnreachable() && readThrough) {
          result.putAll(loadWithoutStoring(group.keys, stats));
        } else {
          failure = failure == null ? e : failure;
        }
      } catch (RuntimeException e) {
        failure = failure == null ? e : failure;
      }
    }
    if (failure != null) {
      throw failure;
    }
    return result;
  }

  /**
   * Loads here, without storing them, the keys of an owner that cannot be reached: what a
   * read-through get does for one key.
   */
  private Map<K, V> loadWithoutStoring(List<K> keys, StatisticsRecorder stats) {
    stats.recordMisses(keys.size());
    Map<K, V> loaded = new HashMap<>();
    for (K key : keys) {
      V value = local.loadWithoutStoring(key);
      if (value != null) {
        loaded.put(key, value);
      }
    }
    return loaded;
  }

  @Override
  public void putAll(Map<? extends K, ? extends V> entries, StatisticsRecorder stats) {
    ClusterView view = node.view();
    Map<Member, Map<K, V>> localAndRemote = new LinkedHashMap<>();
    Map<Member, EntriesRequest.Builder> requests = new LinkedHashMap<>();
    for (Map.Entry<? extends K, ? extends V> entry : entries.entrySet()) {
      byte[] key = codec.encode(entry.getKey());
      Member owner = view.ownerOf(view.partitionOf(key));
      if (view.isSelf(owner)) {
        localAndRemote.computeIfAbsent(owner, m -> new LinkedHashMap<>()).put(entry.getKey(), entry.getValue());
      } else {
        requests.computeIfAbsent(owner, m -> EntriesRequest.newBuilder().setHeader(Node.header(id, view)))
            .addEntries(Entry.newBuilder().setKey(ByteString.copyFrom(key))
                .setValue(ByteString.copyFrom(codec.encode(entry.getValue()))));
      }
    }
    forEachOwner(requests, stats, (client, request) ->
        client.call("putAll", id, stub -> stub.putAll(request.build())), () -> {
          Map<K, V> mine = localAndRemote.get(view.self());
          if (mine != null) {
            node.caches().countOwnerOperations(mine.size());
            local.putAll(mine, stats);
          }
        });
  }

  @Override
  public void removeAll(Set<? extends K> keys, StatisticsRecorder stats) {
    OwnerGroups<K> groups = group(keys);
    Map<Member, RemoveAllRequest.Builder> requests = new LinkedHashMap<>();
    groups.remote().forEach((owner, group) -> requests.put(owner, RemoveAllRequest.newBuilder()
        .setHeader(Node.header(id, groups.view())).addAllKeys(group.encoded)));
    forEachOwner(requests, stats, (client, request) ->
        client.call("removeAll", id, stub -> stub.removeAll(request.build())), () -> {
          if (!groups.local().keys.isEmpty()) {
            local.removeAll(Set.copyOf(groups.local().keys), stats);
          }
        });
  }

  @Override
  public void removeAll(StatisticsRecorder stats) {
    ClusterView view = node.view();
    Map<Member, RemoveAllRequest.Builder> requests = new LinkedHashMap<>();
    for (Member member : view.members()) {
      if (!view.isSelf(member)) {
        requests.put(member, RemoveAllRequest.newBuilder().setHeader(Node.header(id, view)).setAll(true));
      }
    }
    forEachOwner(requests, stats, (client, request) ->
        client.call("removeAll", id, stub -> stub.removeAll(request.build())), () -> local.removeAll(stats));
  }

  @Override
  public void loadAll(Set<? extends K> keys, boolean replaceExisting) {
    OwnerGroups<K> groups = group(keys);
    Map<Member, LoadAllRequest.Builder> requests = new LinkedHashMap<>();
    groups.remote().forEach((owner, group) -> requests.put(owner, LoadAllRequest.newBuilder()
        .setHeader(Node.header(id, groups.view())).addAllKeys(group.encoded)
        .setReplaceExisting(replaceExisting)));
    forEachOwner(requests, null, (client, request) ->
        client.call("loadAll", id, CallKind.LOAD, stub -> stub.loadAll(request.build())), () -> {
          if (!groups.local().keys.isEmpty()) {
            local.loadAll(Set.copyOf(groups.local().keys), replaceExisting);
          }
        });
  }

  @Override
  public void clear() {
    ClusterView view = node.view();
    Map<Member, CacheRequest.Builder> requests = new LinkedHashMap<>();
    for (Member member : view.members()) {
      if (!view.isSelf(member)) {
        requests.put(member, CacheRequest.newBuilder().setHeader(Node.header(id, view)));
      }
    }
    forEachOwner(requests, null, (client, request) ->
        client.call("clear", id, stub -> stub.clear(request.build())), local::clear);
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> Map<K, EntryProcessorResult<T>> invokeAll(Set<? extends K> keys,
      EntryProcessor<K, V, T> processor, Object[] arguments, StatisticsRecorder stats) {
    if (!(processor instanceof java.io.Serializable)) {
      return invokeEach(keys, processor, arguments, stats);
    }
    OwnerGroups<K> groups = group(keys);
    Map<K, EntryProcessorResult<T>> results = new HashMap<>();
    List<Map.Entry<Member, OwnerGroups.Group<K>>> remote = new ArrayList<>(groups.remote().entrySet());
    List<CompletableFuture<InvokeAllReply>> calls = new ArrayList<>();
    if (!remote.isEmpty()) {
      ByteString encodedProcessor = encodeProcessor(processor);
      List<ByteString> encodedArguments = encodeArguments(arguments);
      for (Map.Entry<Member, OwnerGroups.Group<K>> group : remote) {
        calls.add(async(() -> node.client(group.getKey()).call("invokeAll", id, CallKind.write(readThrough),
            stub -> stub.invokeAll(
            InvokeAllRequest.newBuilder().setHeader(Node.header(id, groups.view()))
                .addAllKeys(group.getValue().encoded).setProcessor(encodedProcessor)
                .addAllArguments(encodedArguments).build()))));
      }
    }
    if (!groups.local().keys.isEmpty()) {
      results.putAll(local.invokeAll(Set.copyOf(groups.local().keys), processor, arguments, stats));
    }
    for (int i = 0; i < calls.size(); i++) {
      Member owner = remote.get(i).getKey();
      OwnerGroups.Group<K> group = remote.get(i).getValue();
      InvokeAllReply reply;
      try {
        reply = join(calls.get(i));
      } catch (RuntimeException e) {
        EntryProcessorException failure = new EntryProcessorException(e);
        group.keys.forEach(key -> results.put(key, () -> {
          throw failure;
        }));
        continue;
      }
      Replies.record(reply.getCounts(), stats);
      if (reply.hasFailure()) {
        RuntimeException failure = Replies.failure(reply.getFailure(), owner);
        EntryProcessorException processorFailure = failure instanceof EntryProcessorException e
            ? e : new EntryProcessorException(failure);
        group.keys.forEach(key -> results.put(key, () -> {
          throw processorFailure;
        }));
        continue;
      }
      for (InvokeResult result : reply.getResultsList()) {
        K key = group.byBytes.get(result.getKey());
        if (result.hasFailure()) {
          RuntimeException failure = Replies.failure(result.getFailure(), owner);
          EntryProcessorException processorFailure = failure instanceof EntryProcessorException e
              ? e : new EntryProcessorException(failure);
          results.put(key, () -> {
            throw processorFailure;
          });
        } else if (result.getPresent()) {
          T value = (T) codec.decode(result.getValue().toByteArray());
          results.put(key, () -> value);
        }
      }
    }
    return results;
  }

  /** invokeAll of a processor that cannot travel: each key on its own, under its lease. */
  private <T> Map<K, EntryProcessorResult<T>> invokeEach(Set<? extends K> keys,
      EntryProcessor<K, V, T> processor, Object[] arguments, StatisticsRecorder stats) {
    return CacheEngine.invokeEach(keys, key -> invoke(key, processor, arguments, stats));
  }

  @Override
  public Iterator<Cache.Entry<K, V>> iterator(StatisticsRecorder stats) {
    return new ClusterIterator<>(node, id, local, codec, stats, this);
  }

  @Override
  public String ownerOf(K key) {
    byte[] bytes = codec.encode(key);
    ClusterView view = node.view();
    return view.ownerOf(view.partitionOf(bytes)).name();
  }

  @Override
  public boolean ownsKey(K key) {
    ClusterView view = node.view();
    return view.ownsPartition(view.partitionOf(codec.encode(key)));
  }

  @Override
  public ClusterStatistics clusterStatistics(CacheStatistics own) {
    ClusterView view = node.view();
    Map<String, ClusterStatistics.NodeShare> shares = new LinkedHashMap<>();
    Map<Member, CompletableFuture<StatisticsReply>> asked = new LinkedHashMap<>();
    for (Member member : view.members()) {
      if (!view.isSelf(member)) {
        asked.put(member, async(() -> node.client(member).call("statistics", id, CallKind.READ, stub -> stub.statistics(
            CacheRequest.newBuilder().setHeader(Node.header(id, view)).build()))));
      }
    }
    shares.put(view.self().name(), ClusterStatistics.shareOf(hosted.handleStatistics()));
    asked.forEach((member, reply) -> {
      try {
        StatisticsReply share = join(reply);
        shares.put(member.name(), new ClusterStatistics.NodeShare(share.getHits(), share.getMisses(),
            share.getPuts(), share.getRemovals(), share.getEvictions(), share.getHandles()));
      } catch (RuntimeException unreachable) {
        // a node that does not answer is left out of the view
      }
    });
    return ClusterStatistics.of(shares);
  }

  @Override
  public void registerListener(CacheEntryListenerConfiguration<K, V> configuration) {
    node.listeners().register(hosted, configuration);
  }

  @Override
  public boolean deregisterListener(CacheEntryListenerConfiguration<K, V> configuration) {
    return node.listeners().deregister(hosted, configuration);
  }

  @Override
  public void close() {
    if (attached != null) {
      hosted.handleStatistics().remove(attached);
    }
    // the hosted cache lives on for the other nodes until the cache is destroyed
  }

  // ---------------------------------------------------------------- routing

  /** A call to a key's owner, given its client, the view it was routed by and the key's bytes. */
  @FunctionalInterface
  private interface RemoteCall<R> {
    R call(PeerClient client, ClusterView view, byte[] key);
  }

  private <R> R route(K key, String operation, Supplier<R> locally, RemoteCall<R> remotely,
      Supplier<R> whenOwnerUnreachable) {
    byte[] bytes = codec.encode(key);
    for (int attempt = 0; ; attempt++) {
      ClusterView view = node.view();
      Member owner = view.ownerOf(view.partitionOf(bytes));
      if (view.isSelf(owner)) {
        node.caches().countOwnerOperations(1);
        return locally.get();
      }
      PeerClient client = node.client(owner);
      try {
        return remotely.call(client, view, bytes);
      } catch (PeerException e) {
        if (e.isNotOwner() && attempt < NOT_OWNER_RETRIES) {
          node.refreshMembership();
          continue;
        }
        if (e.isUnreachable() && whenOwnerUnreachable != null) {
          return whenOwnerUnreachable.get();
        }
        throw e;
      }
    }
  }

  private OwnerGroups<K> group(Set<? extends K> keys) {
    OwnerGroups<K> groups = new OwnerGroups<>(node.view());
    for (K key : keys) {
      groups.add(key, codec.encode(key));
    }
    node.caches().countOwnerOperations(groups.local().keys.size());
    return groups;
  }

  /**
   * Sends one request per owner in parallel, runs this node's share meanwhile, and then throws the
   * first failure, if any, once every owner has answered.
   */
  private <B> void forEachOwner(Map<Member, B> requests, StatisticsRecorder stats,
      BiFunction<PeerClient, B, Reply> call, Runnable locally) {
    List<Member> owners = new ArrayList<>(requests.keySet());
    List<CompletableFuture<Reply>> calls = new ArrayList<>();
    for (Member owner : owners) {
      calls.add(async(() -> call.apply(node.client(owner), requests.get(owner))));
    }
    RuntimeException failure = null;
    try {
      locally.run();
    } catch (RuntimeException e) {
      failure = e;
    }
    for (int i = 0; i < calls.size(); i++) {
      try {
        Reply reply = join(calls.get(i));
        if (stats != null) {
          Replies.record(reply.getCounts(), stats);
        }
        if (reply.hasFailure()) {
          throw Replies.failure(reply.getFailure(), owners.get(i));
        }
      } catch (RuntimeException e) {
        failure = failure == null ? e : failure;
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  private <R> CompletableFuture<R> async(Supplier<R> call) {
    return CompletableFuture.supplyAsync(call, node.executor());
  }

  private static <R> R join(CompletableFuture<R> call) {
    try {
      return call.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw e;
    }
  }

  // ---------------------------------------------------------------- requests and replies

  private KeyRequest keyRequest(ClusterView view, byte[] key) {
    return KeyRequest.newBuilder().setHeader(Node.header(id, view)).setKey(ByteString.copyFrom(key)).build();
  }

  private PutRequest putRequest(ClusterView view, byte[] key, byte[] value, PutMode mode) {
    return PutRequest.newBuilder().setHeader(Node.header(id, view)).setKey(ByteString.copyFrom(key))
        .setValue(ByteString.copyFrom(value)).setMode(mode).build();
  }

  private RemoveRequest removeRequest(ClusterView view, byte[] key, RemoveMode mode, byte[] expected) {
    RemoveRequest.Builder request = RemoveRequest.newBuilder().setHeader(Node.header(id, view))
        .setKey(ByteString.copyFrom(key)).setMode(mode);
    if (expected != null) {
      request.setExpected(ByteString.copyFrom(expected));
    }
    return request.build();
  }

  private ReplaceRequest replaceRequest(ClusterView view, byte[] key, byte[] value, ReplaceMode mode,
      byte[] expected) {
    ReplaceRequest.Builder request = ReplaceRequest.newBuilder().setHeader(Node.header(id, view))
        .setKey(ByteString.copyFrom(key)).setValue(ByteString.copyFrom(value)).setMode(mode);
    if (expected != null) {
      request.setExpected(ByteString.copyFrom(expected));
    }
    return request.build();
  }

  /** The value of a reply, after recording its counts; rethrows the owner's failure. */
  @SuppressWarnings("unchecked")
  private <R> R value(PeerClient client, StatisticsRecorder stats, Reply reply) {
    Replies.check(reply, client.peer(), stats);
    return reply.getPresent() ? (R) codec.decode(reply.getValue().toByteArray()) : null;
  }

  /** The flag of a reply, after recording its counts; rethrows the owner's failure. */
  private static boolean flag(PeerClient client, StatisticsRecorder stats, Reply reply) {
    Replies.check(reply, client.peer(), stats);
    return reply.getFlag();
  }

  @SuppressWarnings("unchecked")
  V decodeValue(ByteString bytes) {
    return (V) codec.decode(bytes.toByteArray());
  }

  @SuppressWarnings("unchecked")
  K decodeKey(ByteString bytes) {
    return (K) codec.decode(bytes.toByteArray());
  }

  private ByteString encodeProcessor(EntryProcessor<?, ?, ?> processor) {
    try {
      return ByteString.copyFrom(codec.encode(processor));
    } catch (io.peanutcache.CodecException e) {
      throw new io.peanutcache.CodecException("the entry processor " + processor.getClass().getName()
          + " must run on the owner of its key, another node, so it must be java.io.Serializable: "
          + e.getMessage(), e);
    }
  }

  private List<ByteString> encodeArguments(Object[] arguments) {
    List<ByteString> encoded = new ArrayList<>();
    if (arguments != null) {
      for (Object argument : arguments) {
        encoded.add(ByteString.copyFrom(codec.encode(argument)));
      }
    }
    return encoded;
  }
}
