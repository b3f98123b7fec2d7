package io.peanutcache.cluster.routing;

import io.peanutcache.PeerException;
import io.peanutcache.cluster.hosting.CacheId;
import io.peanutcache.cluster.hosting.HostedCache;
import io.peanutcache.cluster.hot.HotCache;
import io.peanutcache.cluster.membership.Member;
import io.peanutcache.cluster.peers.BulkCalls;
import io.peanutcache.cluster.peers.HotValue;
import io.peanutcache.cluster.peers.OwnerCalls;
import io.peanutcache.cluster.peers.PutMode;
import io.peanutcache.cluster.peers.RemoveMode;
import io.peanutcache.cluster.peers.ReplaceMode;
import io.peanutcache.cluster.ring.ClusterView;
import io.peanutcache.codec.ValueCodec;
import io.peanutcache.engine.CacheEngine;
import io.peanutcache.engine.CacheOperations;
import io.peanutcache.engine.ClusterOperations;
import io.peanutcache.engine.OwnerOperations;
import io.peanutcache.management.CacheStatistics;
import io.peanutcache.management.ClusterStatistics;
import io.peanutcache.management.StatisticsRecorder;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.EntryProcessorResult;

/**
 * A cache's operations in a cluster: each key's operation runs on its owner.
 *
 * <p>The key is encoded once; its bytes pick the partition and so the owner in this node's view.
 * If this node owns it, the local engine runs the operation; otherwise one call goes to the owner
 * (see {@link OwnerCalls}), which runs it with the cache's loader, writer and expiry policy and
 * sends back the result and the counts for this handle's statistics. An owner that answers "not
 * owner" makes this node refresh its view and retry, a bounded number of times. A read of a
 * read-through cache waits for the owner's load; only when the owner cannot be reached at all
 * does a read-through {@code get} or {@code getAll} load the value here, returning it without
 * storing it; every other operation then fails naming the peer. Bulk operations are split by
 * owner, one request per owner, sent in parallel (see {@link BulkFanOut}). With a hot cache,
 * {@code get} first looks for this node's copy of the entry, and a get from the owner keeps one
 * (see {@link io.peanutcache.cluster.hot.HotCache}). An entry processor that is not serializable
 * runs here, under its key's lease at the owner (see {@link LeasedInvoke}). A get of a key this
 * node owns goes to the local engine without making what a call to another node needs.
 *
 * @param <K> the type of keys
 * @param <V> the type of values
 */
public final class RoutedOperations<K, V> implements CacheOperations<K, V>, ClusterOperations<K> {

  /** How many times an operation is sent again after an owner said it is not the owner. */
  static final int NOT_OWNER_RETRIES = 3;

  private final RoutingNode node;
  private final CacheId id;
  // this node's engine: the JCache operations of the keys it owns, and what else routing asks of it
  private final CacheOperations<K, V> local;
  private final OwnerOperations<K, V> engine;
  private final ValueCodec codec;
  private final HostedCache hosted;
  /** The calls to the owner of one key. */
  private final OwnerCalls owners;
  /** This node's copies of entries others own, or null when the cache has no hot cache. */
  private final HotCache hot;
  /** Whether a miss runs the cache's loader: reads may then wait for the owner's load. */
  private final boolean readThrough;
  /** Turns an owner's value bytes into a value, made once for every asynchronous get. */
  private final Function<byte[], V> decoder = this::decodeValue;
  /** Runs the processors that cannot be sent to the owner, under the key's lease. */
  private final LeasedInvoke<K, V> leased;
  /** The calls to each member's share of an operation on many keys, and of an iteration. */
  private final BulkCalls shares;
  /** Runs the operations on many keys, split by owner. */
  private final BulkFanOut<K, V> fanOut;
  private CacheStatistics attached;

  /**
   * Routes the operations of a hosted cache.
   *
   * @param node this node
   * @param cache the cache as this node hosts it
   */
  @SuppressWarnings("unchecked")
  public RoutedOperations(RoutingNode node, HostedCache cache) {
    this.node = node;
    this.id = cache.id();
    CacheEngine<K, V> engine = (CacheEngine<K, V>) (CacheEngine<?, ?>) cache.engine();
    this.local = engine;
    this.engine = engine;
    this.codec = cache.codec();
    this.hosted = cache;
    this.hot = node.hot().copies(id);
    this.readThrough = engine.isReadThrough();
    this.owners = node.ownerCalls(id, readThrough);
    this.leased = new LeasedInvoke<>(node, id, engine, codec, owners);
    this.shares = node.bulkCalls(id, readThrough);
    this.fanOut = new BulkFanOut<>(node, cache, local, engine, shares);
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
    ClusterView current = node.view();
    int partition = partitionOf(current, key);
    if (current.ownsPartition(partition) && node.gate().enter(partition)) {
      // this node's key: read here as route does, inline rather than through a shared helper
      // taking the read as a lambda, which a get would then allocate (24 B, measured)
      try {
        node.caches().startOwnerOperations(1);
        return local.get(key, stats);
      } finally {
        node.gate().exit(partition);
      }
    }
    return route(key, codec.encode(key), "get",
        () -> local.get(key, stats),
        copies == null
            ? (owner, view, bytes) -> decodeValue(owners.get(owner, view, bytes, stats))
            : (owner, view, bytes) -> getAndCopy(copies, owner, view, bytes, key, stats),
        readThrough ? () -> {
          stats.recordMisses(1);
          return engine.loadWithoutStoring(key);
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
    int partition = view.partitionOf(bytes);
    Member owner = view.ownerOf(partition);
    if (view.isSelf(owner)) {
      if (!node.gate().enter(partition)) {
        // handed to its new owner, which this node's view has not caught up with yet
        return CompletableFuture.runAsync(node::refreshMembership, executor)
            .thenCompose(refreshed -> getAsync(bytes, key, stats, executor, attempt + 1));
      }
      try {
        node.caches().startOwnerOperations(1);
        return local.getAsync(key, stats, executor).whenComplete((value, failure) -> node.gate().exit(partition));
      } catch (RuntimeException | Error e) {
        node.gate().exit(partition);
        throw e;
      }
    }
    HotCache copies = hot;
    CompletableFuture<V> value;
    if (copies == null) {
      value = owners.getAsync(owner, view, bytes, stats, executor, decoder);
    } else {
      long sentAt = copies.now();
      value = owners.hotGetAsync(owner, view, bytes, stats, executor,
          reply -> copy(copies, reply, key, view, bytes, sentAt));
    }
    return value.exceptionallyCompose(failure -> {
      Throwable cause = failure instanceof CompletionException && failure.getCause() != null
          ? failure.getCause() : failure;
      if (cause instanceof PeerException e && e.isToSendAgain() && attempt < NOT_OWNER_RETRIES) {
        return CompletableFuture.runAsync(node::refreshMembership, executor)
            .thenCompose(refreshed -> getAsync(bytes, key, stats, executor, attempt + 1));
      }
      if (cause instanceof PeerException e && e.isUnreachable() && readThrough) {
        return CompletableFuture.supplyAsync(() -> {
          stats.recordMisses(1);
          return engine.loadWithoutStoring(key);
        }, executor);
      }
      return CompletableFuture.failedFuture(cause);
    });
  }

  /** A get from the owner that keeps a hot copy of the value, if the owner's reply allows it. */
  private V getAndCopy(HotCache copies, Member owner, ClusterView view, byte[] bytes, K key,
      StatisticsRecorder stats) {
    long sentAt = copies.now();
    return copy(copies, owners.hotGet(owner, view, bytes, stats), key, view, bytes, sentAt);
  }

  /** The value of a hot get's reply, of which a copy is kept if the owner's stamp allows it. */
  private V copy(HotCache copies, HotValue reply, K key, ClusterView view, byte[] bytes, long sentAt) {
    V value = reply == null ? null : decodeValue(reply.value());
    if (value != null) {
      copies.fill(key, bytes, view.partitionOf(bytes), view, reply.value(), reply.stamp(), sentAt);
    }
    return value;
  }

  @Override
  public boolean containsKey(K key) {
    return route(key, "containsKey", () -> local.containsKey(key),
        (owner, view, bytes) -> owners.containsKey(owner, view, bytes), null);
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
        (owner, view, bytes) -> owners.put(owner, view, bytes, encodedValue, PutMode.PUT_IF_ABSENT, stats).flag(),
        null);
  }

  private V put(K key, V value, PutMode mode, StatisticsRecorder stats, Supplier<V> locally) {
    byte[] encodedValue = codec.encode(value);
    return route(key, mode == PutMode.PUT ? "put" : "getAndPut", locally,
        (owner, view, bytes) -> decodeValue(owners.put(owner, view, bytes, encodedValue, mode, stats).value()),
        null);
  }

  @Override
  public boolean remove(K key, StatisticsRecorder stats) {
    return route(key, "remove", () -> local.remove(key, stats),
        (owner, view, bytes) -> owners.remove(owner, view, bytes, RemoveMode.REMOVE, null, stats).flag(),
        null);
  }

  @Override
  public V getAndRemove(K key, StatisticsRecorder stats) {
    return route(key, "getAndRemove", () -> local.getAndRemove(key, stats),
        (owner, view, bytes) -> decodeValue(
            owners.remove(owner, view, bytes, RemoveMode.GET_AND_REMOVE, null, stats).value()),
        null);
  }

  @Override
  public boolean remove(K key, V expected, StatisticsRecorder stats) {
    byte[] encodedExpected = codec.encode(expected);
    return route(key, "remove", () -> local.remove(key, expected, stats),
        (owner, view, bytes) -> owners.remove(owner, view, bytes, RemoveMode.REMOVE_IF_EQUAL, encodedExpected,
            stats).flag(),
        null);
  }

  @Override
  public boolean replace(K key, V expected, V value, StatisticsRecorder stats) {
    byte[] encodedExpected = codec.encode(expected);
    byte[] encodedValue = codec.encode(value);
    return route(key, "replace", () -> local.replace(key, expected, value, stats),
        (owner, view, bytes) -> owners.replace(owner, view, bytes, encodedValue, ReplaceMode.REPLACE_IF_EQUAL,
            encodedExpected, stats).flag(),
        null);
  }

  @Override
  public boolean replace(K key, V value, StatisticsRecorder stats) {
    byte[] encodedValue = codec.encode(value);
    return route(key, "replace", () -> local.replace(key, value, stats),
        (owner, view, bytes) -> owners.replace(owner, view, bytes, encodedValue, ReplaceMode.REPLACE, null,
            stats).flag(),
        null);
  }

  @Override
  public V getAndReplace(K key, V value, StatisticsRecorder stats) {
    byte[] encodedValue = codec.encode(value);
    return route(key, "getAndReplace", () -> local.getAndReplace(key, value, stats),
        (owner, view, bytes) -> decodeValue(owners.replace(owner, view, bytes, encodedValue,
            ReplaceMode.GET_AND_REPLACE, null, stats).value()),
        null);
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> T invoke(K key, EntryProcessor<K, V, T> processor, Object[] arguments,
      StatisticsRecorder stats) {
    if (!(processor instanceof java.io.Serializable)) {
      // it cannot travel: it runs here, under the key's lease at the owner
      return route(key, "invoke", () -> leased.here(codec.encode(key), key, processor, arguments, stats),
          (owner, view, bytes) -> leased.atOwner(owner, view, bytes, key, processor, arguments, stats),
          null);
    }
    return route(key, "invoke", () -> local.invoke(key, processor, arguments, stats),
        (owner, view, bytes) -> {
          byte[] result = owners.invoke(owner, view, bytes, EncodedProcessors.processor(codec, processor),
              EncodedProcessors.arguments(codec, arguments), stats);
          return result == null ? null : (T) codec.decode(result);
        },
        null);
  }

  // ---------------------------------------------------------------- several keys

  @Override
  public Map<K, V> getAll(Set<? extends K> keys, StatisticsRecorder stats) {
    return fanOut.getAll(keys, stats);
  }

  @Override
  public void loadAll(Set<? extends K> keys, boolean replaceExisting) {
    fanOut.loadAll(keys, replaceExisting);
  }

  @Override
  public void putAll(Map<? extends K, ? extends V> entries, StatisticsRecorder stats) {
    fanOut.putAll(entries, stats);
  }

  @Override
  public void removeAll(Set<? extends K> keys, StatisticsRecorder stats) {
    fanOut.removeAll(keys, stats);
  }

  @Override
  public void clear() {
    fanOut.clear();
  }

  @Override
  public void removeAll(StatisticsRecorder stats) {
    fanOut.removeAll(stats);
  }

  @Override
  public <T> Map<K, EntryProcessorResult<T>> invokeAll(Set<? extends K> keys,
      EntryProcessor<K, V, T> processor, Object[] arguments, StatisticsRecorder stats) {
    if (!(processor instanceof java.io.Serializable)) {
      // it cannot travel: each key on its own, under its lease
      return CacheEngine.invokeEach(keys, key -> invoke(key, processor, arguments, stats));
    }
    return fanOut.invokeAll(keys, processor, arguments, stats);
  }

  @Override
  public Iterator<Cache.Entry<K, V>> iterator(StatisticsRecorder stats) {
    return new ClusterIterator<>(node.view(), shares, local, engine, stats, this);
  }

  /**
   * The partition of {@code key} in {@code view}: that of its encoding. An ASCII String key, as
   * most are, is hashed from its chars without making the encoding, which only a key sent to
   * another node needs.
   */
  private int partitionOf(ClusterView view, Object key) {
    return ValueCodec.isAsciiString(key)
        ? view.partitionOfTaggedAscii(ValueCodec.STRING_TAG, (String) key)
        : view.partitionOf(codec.encode(key));
  }

  @Override
  public String ownerOf(K key) {
    ClusterView view = node.view();
    return view.ownerOf(partitionOf(view, key)).name();
  }

  @Override
  public boolean ownsKey(K key) {
    ClusterView view = node.view();
    return view.ownsPartition(partitionOf(view, key));
  }

  @Override
  public ClusterStatistics clusterStatistics(CacheStatistics own) {
    return fanOut.clusterStatistics();
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

  /** A call to a key's owner, given the owner, the view it was routed by and the key's bytes. */
  @FunctionalInterface
  private interface RemoteCall<R> {
    R call(Member owner, ClusterView view, byte[] key);
  }

  private <R> R route(K key, String operation, Supplier<R> locally, RemoteCall<R> remotely,
      Supplier<R> whenOwnerUnreachable) {
    return route(key, codec.encode(key), operation, locally, remotely, whenOwnerUnreachable);
  }

  /** {@link #route(Object, String, Supplier, RemoteCall, Supplier)} for a key already encoded. */
  private <R> R route(K key, byte[] bytes, String operation, Supplier<R> locally, RemoteCall<R> remotely,
      Supplier<R> whenOwnerUnreachable) {
    for (int attempt = 0; ; attempt++) {
      ClusterView view = node.view();
      int partition = view.partitionOf(bytes);
      Member owner = view.ownerOf(partition);
      if (view.isSelf(owner)) {
        if (!node.gate().enter(partition)) {
          // handed to its new owner, which this node's view has not caught up with yet
          if (attempt >= NOT_OWNER_RETRIES) {
            throw new CacheException(operation + " on cache " + id + ": partition " + partition + " moved from "
                + view.self().name() + " to its new owner, and this node's view still names it the owner");
          }
          node.refreshMembership();
          continue;
        }
        try {
          node.caches().startOwnerOperations(1);
          return locally.get();
        } finally {
          node.gate().exit(partition);
        }
      }
      try {
        return remotely.call(owner, view, bytes);
      } catch (PeerException e) {
        if (e.isToSendAgain() && attempt < NOT_OWNER_RETRIES) {
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

  // ---------------------------------------------------------------- values

  CacheId id() {
    return id;
  }

  ValueCodec codec() {
    return codec;
  }

  /** The value an owner sent, or null if it sent none. */
  @SuppressWarnings("unchecked")
  V decodeValue(byte[] bytes) {
    return bytes == null ? null : (V) codec.decode(bytes);
  }

  @SuppressWarnings("unchecked")
  K decodeKey(byte[] bytes) {
    return (K) codec.decode(bytes);
  }
}
