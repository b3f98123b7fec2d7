package io.peanutcache.cluster.routing;

import io.peanutcache.PeerException;
import io.peanutcache.cluster.hosting.HostedCache;
import io.peanutcache.cluster.membership.Member;
import io.peanutcache.cluster.peers.BulkCalls;
import io.peanutcache.cluster.peers.EncodedEntry;
import io.peanutcache.cluster.peers.ProcessorResult;
import io.peanutcache.cluster.ring.ClusterView;
import io.peanutcache.codec.ValueCodec;
import io.peanutcache.engine.CacheOperations;
import io.peanutcache.engine.OwnerOperations;
import io.peanutcache.management.ClusterStatistics;
import io.peanutcache.management.StatisticsRecorder;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.EntryProcessorException;
import javax.cache.processor.EntryProcessorResult;

/**
 * A cache's operations on many keys, or on every key, in a cluster: the keys are grouped by their
 * owner in this node's view, one call per other owner goes out in parallel on the node's executor
 * while this node runs its own share, and the answers are put together once every owner has
 * answered. A failure of one owner does not stop the others; the first failure is thrown at the
 * end. An owner that answers "not owner" has its keys routed again after this node refreshed its
 * view, as a single key's operation is, a bounded number of times. A read-through {@code getAll}
 * loads the keys of an owner that cannot be reached here, without storing them, as a {@code get}
 * does.
 *
 * @param <K> the type of keys
 * @param <V> the type of values
 */
final class BulkFanOut<K, V> {

  private final RoutingNode node;
  private final HostedCache hosted;
  private final CacheOperations<K, V> local;
  private final OwnerOperations<K, V> engine;
  private final ValueCodec codec;
  private final BulkCalls owners;
  private final boolean readThrough;

  BulkFanOut(RoutingNode node, HostedCache hosted, CacheOperations<K, V> local, OwnerOperations<K, V> engine,
      BulkCalls owners) {
    this.node = node;
    this.hosted = hosted;
    this.local = local;
    this.engine = engine;
    this.codec = hosted.codec();
    this.owners = owners;
    this.readThrough = engine.isReadThrough();
  }

  Map<K, V> getAll(Set<? extends K> keys, StatisticsRecorder stats) {
    return getAll(keys, stats, 0);
  }

  private Map<K, V> getAll(Set<? extends K> keys, StatisticsRecorder stats, int attempt) {
    OwnerGroups<K> groups = group(keys);
    Map<K, V> result = new HashMap<>();
    List<CompletableFuture<List<byte[]>>> calls = new ArrayList<>();
    List<Map.Entry<Member, OwnerGroups.Group<K>>> remote = new ArrayList<>(groups.remote().entrySet());
    for (Map.Entry<Member, OwnerGroups.Group<K>> group : remote) {
      calls.add(async(() -> owners.getAll(group.getKey(), groups.view(), group.getValue().encoded, stats)));
    }
    if (!groups.local().keys.isEmpty()) {
      result.putAll(LocalShare.run(node.gate(), groups.view(), groups.local().encoded,
          () -> local.getAll(Set.copyOf(groups.local().keys), stats)));
    }
    RuntimeException failure = null;
    Set<K> refused = new LinkedHashSet<>();
    for (int i = 0; i < calls.size(); i++) {
      OwnerGroups.Group<K> group = remote.get(i).getValue();
      try {
        List<byte[]> values = join(calls.get(i));
        for (int k = 0; k < values.size(); k++) {
          if (values.get(k) != null) {
            result.put(group.keys.get(k), decode(values.get(k)));
          }
        }
      } catch (PeerException e) {
        if (routeAgain(e, attempt)) {
          refused.addAll(group.keys);
        } else if (e.isUnreachable() && readThrough) {
          result.putAll(loadWithoutStoring(group.keys, stats));
        } else {
          failure = failure == null ? e : failure;
        }
      } catch (RuntimeException e) {
        failure = failure == null ? e : failure;
      }
    }
    if (!refused.isEmpty()) {
      node.refreshMembership();
      try {
        result.putAll(getAll(refused, stats, attempt + 1));
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
      V value = engine.loadWithoutStoring(key);
      if (value != null) {
        loaded.put(key, value);
      }
    }
    return loaded;
  }

  void putAll(Map<? extends K, ? extends V> entries, StatisticsRecorder stats) {
    putAll(entries, stats, 0);
  }

  private void putAll(Map<? extends K, ? extends V> entries, StatisticsRecorder stats, int attempt) {
    ClusterView view = node.view();
    Map<K, V> mine = new LinkedHashMap<>();
    List<byte[]> mineEncoded = new ArrayList<>();
    Map<Member, List<EncodedEntry>> requests = new LinkedHashMap<>();
    Map<Member, Map<K, V>> shares = new LinkedHashMap<>();
    for (Map.Entry<? extends K, ? extends V> entry : entries.entrySet()) {
      byte[] key = codec.encode(entry.getKey());
      Member owner = view.ownerOf(view.partitionOf(key));
      if (view.isSelf(owner)) {
        mine.put(entry.getKey(), entry.getValue());
        mineEncoded.add(key);
      } else {
        requests.computeIfAbsent(owner, m -> new ArrayList<>())
            .add(new EncodedEntry(key, codec.encode(entry.getValue())));
        shares.computeIfAbsent(owner, m -> new LinkedHashMap<>()).put(entry.getKey(), entry.getValue());
      }
    }
    forEachOwner(requests.keySet(), owner -> owners.putAll(owner, view, requests.get(owner), stats), () -> {
      if (!mine.isEmpty()) {
        node.caches().startOwnerOperations(mine.size());
        LocalShare.run(node.gate(), view, mineEncoded, () -> {
          local.putAll(mine, stats);
          return null;
        });
      }
    }, attempt, refused -> {
      Map<K, V> again = new LinkedHashMap<>();
      refused.forEach(owner -> again.putAll(shares.get(owner)));
      putAll(again, stats, attempt + 1);
    });
  }

  void removeAll(Set<? extends K> keys, StatisticsRecorder stats) {
    removeAll(keys, stats, 0);
  }

  private void removeAll(Set<? extends K> keys, StatisticsRecorder stats, int attempt) {
    OwnerGroups<K> groups = group(keys);
    Map<Member, OwnerGroups.Group<K>> remote = groups.remote();
    forEachOwner(remote.keySet(), owner -> owners.removeAll(owner, groups.view(), remote.get(owner).encoded, stats),
        () -> {
          if (!groups.local().keys.isEmpty()) {
            LocalShare.run(node.gate(), groups.view(), groups.local().encoded, () -> {
              local.removeAll(Set.copyOf(groups.local().keys), stats);
              return null;
            });
          }
        }, attempt, refused -> removeAll(keysOf(remote, refused), stats, attempt + 1));
  }

  void removeAll(StatisticsRecorder stats) {
    ClusterView view = node.view();
    forEachOwner(view.peers(), member -> owners.removeAll(member, view, stats), () -> local.removeAll(stats));
  }

  void loadAll(Set<? extends K> keys, boolean replaceExisting) {
    loadAll(keys, replaceExisting, 0);
  }

  private void loadAll(Set<? extends K> keys, boolean replaceExisting, int attempt) {
    OwnerGroups<K> groups = group(keys);
    Map<Member, OwnerGroups.Group<K>> remote = groups.remote();
    forEachOwner(remote.keySet(),
        owner -> owners.loadAll(owner, groups.view(), remote.get(owner).encoded, replaceExisting), () -> {
          if (!groups.local().keys.isEmpty()) {
            LocalShare.run(node.gate(), groups.view(), groups.local().encoded, () -> {
              local.loadAll(Set.copyOf(groups.local().keys), replaceExisting);
              return null;
            });
          }
        }, attempt, refused -> loadAll(keysOf(remote, refused), replaceExisting, attempt + 1));
  }

  void clear() {
    ClusterView view = node.view();
    forEachOwner(view.peers(), member -> owners.clear(member, view), local::clear);
  }

  /** invokeAll of a processor that can travel: each owner runs it on its keys. */
  <T> Map<K, EntryProcessorResult<T>> invokeAll(Set<? extends K> keys, EntryProcessor<K, V, T> processor,
      Object[] arguments, StatisticsRecorder stats) {
    return invokeAll(keys, processor, arguments, stats, 0);
  }

  @SuppressWarnings("unchecked")
  private <T> Map<K, EntryProcessorResult<T>> invokeAll(Set<? extends K> keys, EntryProcessor<K, V, T> processor,
      Object[] arguments, StatisticsRecorder stats, int attempt) {
    OwnerGroups<K> groups = group(keys);
    Map<K, EntryProcessorResult<T>> results = new HashMap<>();
    List<Map.Entry<Member, OwnerGroups.Group<K>>> remote = new ArrayList<>(groups.remote().entrySet());
    List<CompletableFuture<List<ProcessorResult>>> calls = new ArrayList<>();
    if (!remote.isEmpty()) {
      byte[] encodedProcessor = EncodedProcessors.processor(codec, processor);
      List<byte[]> encodedArguments = EncodedProcessors.arguments(codec, arguments);
      for (Map.Entry<Member, OwnerGroups.Group<K>> group : remote) {
        calls.add(async(() -> owners.invokeAll(group.getKey(), groups.view(), group.getValue().encoded,
            encodedProcessor, encodedArguments, stats)));
      }
    }
    if (!groups.local().keys.isEmpty()) {
      results.putAll(LocalShare.run(node.gate(), groups.view(), groups.local().encoded,
          () -> local.invokeAll(Set.copyOf(groups.local().keys), processor, arguments, stats)));
    }
    Set<K> refused = new LinkedHashSet<>();
    for (int i = 0; i < calls.size(); i++) {
      OwnerGroups.Group<K> group = remote.get(i).getValue();
      List<ProcessorResult> answers;
      try {
        answers = join(calls.get(i));
      } catch (RuntimeException e) {
        if (e instanceof PeerException peer && routeAgain(peer, attempt)) {
          refused.addAll(group.keys);
          continue;
        }
        EntryProcessorException failure = processorFailure(e);
        group.keys.forEach(key -> results.put(key, () -> {
          throw failure;
        }));
        continue;
      }
      for (int k = 0; k < answers.size(); k++) {
        ProcessorResult answer = answers.get(k);
        if (answer == null) {
          continue;
        }
        if (answer.failure() != null) {
          EntryProcessorException failure = processorFailure(answer.failure());
          results.put(group.keys.get(k), () -> {
            throw failure;
          });
        } else {
          T value = (T) codec.decode(answer.value());
          results.put(group.keys.get(k), () -> value);
        }
      }
    }
    if (!refused.isEmpty()) {
      node.refreshMembership();
      results.putAll(invokeAll(refused, processor, arguments, stats, attempt + 1));
    }
    return results;
  }

  /** What an invoke's result throws for a failure: the processor's own, or one wrapping the failure. */
  private static EntryProcessorException processorFailure(RuntimeException failure) {
    return failure instanceof EntryProcessorException e ? e : new EntryProcessorException(failure);
  }

  ClusterStatistics clusterStatistics() {
    ClusterView view = node.view();
    Map<String, ClusterStatistics.NodeShare> shares = new LinkedHashMap<>();
    Map<Member, CompletableFuture<ClusterStatistics.NodeShare>> asked = new LinkedHashMap<>();
    for (Member member : view.members()) {
      if (!view.isSelf(member)) {
        asked.put(member, async(() -> owners.statistics(member, view)));
      }
    }
    shares.put(view.self().name(), ClusterStatistics.shareOf(hosted.handleStatistics()));
    asked.forEach((member, share) -> {
      try {
        shares.put(member.name(), join(share));
      } catch (RuntimeException unreachable) {
        // a node that does not answer is left out of the view
      }
    });
    return ClusterStatistics.of(shares);
  }

  // ---------------------------------------------------------------- fan-out

  private OwnerGroups<K> group(Set<? extends K> keys) {
    OwnerGroups<K> groups = new OwnerGroups<>(node.view());
    for (K key : keys) {
      groups.add(key, codec.encode(key));
    }
    node.caches().startOwnerOperations(groups.local().keys.size());
    return groups;
  }

  /**
   * Sends one request per owner in parallel, runs this node's share meanwhile, and then throws the
   * first failure, if any, once every owner has answered.
   */
  private void forEachOwner(Collection<Member> owners, Consumer<Member> call, Runnable locally) {
    forEachOwner(owners, call, locally, RoutedOperations.NOT_OWNER_RETRIES, refused -> {});
  }

  /**
   * {@link #forEachOwner(Collection, Consumer, Runnable)}, where the owners that answer "not owner"
   * on attempt {@code attempt} have their share sent again, by {@code again}, once this node has
   * refreshed its view; only the other failures are thrown, after that.
   */
  private void forEachOwner(Collection<Member> owners, Consumer<Member> call, Runnable locally, int attempt,
      Consumer<Set<Member>> again) {
    Map<Member, CompletableFuture<Void>> calls = new LinkedHashMap<>();
    for (Member owner : owners) {
      calls.put(owner, async(() -> {
        call.accept(owner);
        return null;
      }));
    }
    RuntimeException failure = null;
    try {
      locally.run();
    } catch (RuntimeException e) {
      failure = e;
    }
    Set<Member> refused = new LinkedHashSet<>();
    for (Map.Entry<Member, CompletableFuture<Void>> answer : calls.entrySet()) {
      try {
        join(answer.getValue());
      } catch (PeerException e) {
        if (routeAgain(e, attempt)) {
          refused.add(answer.getKey());
        } else {
          failure = failure == null ? e : failure;
        }
      } catch (RuntimeException e) {
        failure = failure == null ? e : failure;
      }
    }
    if (!refused.isEmpty()) {
      node.refreshMembership();
      try {
        again.accept(refused);
      } catch (RuntimeException e) {
        failure = failure == null ? e : failure;
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  /** Whether an owner's failure on attempt {@code attempt} has its keys routed again: "not owner", not too often. */
  private static boolean routeAgain(PeerException failure, int attempt) {
    return failure.isToSendAgain() && attempt < RoutedOperations.NOT_OWNER_RETRIES;
  }

  /** The keys of the groups of {@code refused}. */
  private static <K> Set<K> keysOf(Map<Member, OwnerGroups.Group<K>> groups, Set<Member> refused) {
    Set<K> keys = new LinkedHashSet<>();
    refused.forEach(owner -> keys.addAll(groups.get(owner).keys));
    return keys;
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

  @SuppressWarnings("unchecked")
  private V decode(byte[] bytes) {
    return (V) codec.decode(bytes);
  }
}
