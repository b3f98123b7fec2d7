package io.peanutcache.engine;

import io.peanutcache.event.EventBatch;
import io.peanutcache.load.SingleFlight;
import io.peanutcache.management.StatisticsRecorder;
import io.peanutcache.store.LocalStore;
import io.peanutcache.store.StoredEntry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.cache.event.EventType;

/**
 * The bulk operations of one cache: getAll, putAll and removeAll ({@code loadAll} is in
 * {@link Loading}). Each is a sequence of single-key changes (JSR-107 does not make them atomic as
 * a whole) with one call to the loader's {@code loadAll} or the writer's
 * {@code writeAll}/{@code deleteAll}; when the writer fails part way, the keys it did write are
 * applied and its exception is thrown after.
 *
 * @param <K> the type of keys
 * @param <V> the type of values
 */
final class BulkOperations<K, V> {

  private final LocalStore store;
  private final ValueStorage storage;
  private final EntryLifecycle<K, V> lifecycle;
  private final EntryReads<K, V> reads;
  private final Loading<K, V> loading;
  private final WriteThrough<K, V> writeThrough;
  private final SingleFlight<V> flights;

  /**
   * @param flights the loads in flight, which every write to their key supersedes
   */
  BulkOperations(LocalStore store, ValueStorage storage, EntryLifecycle<K, V> lifecycle,
      EntryReads<K, V> reads, Loading<K, V> loading, WriteThrough<K, V> writeThrough,
      SingleFlight<V> flights) {
    this.store = store;
    this.storage = storage;
    this.lifecycle = lifecycle;
    this.reads = reads;
    this.loading = loading;
    this.writeThrough = writeThrough;
    this.flights = flights;
  }

  Map<K, V> getAll(Set<? extends K> keys, StatisticsRecorder stats) {
    EventBatch batch = lifecycle.newBatch();
    Map<K, V> result = new HashMap<>(Math.max(4, keys.size() * 2));
    List<K> missing = new ArrayList<>();
    for (K key : keys) {
      V value = reads.lookup(key, stats);
      if (value != null) {
        result.put(key, value);
      } else {
        missing.add(key);
      }
    }
    if (loading.isReadThrough() && !missing.isEmpty()) {
      result.putAll(loading.loadMissing(missing));
    }
    EntryLifecycle.await(batch);
    return result;
  }

  void putAll(Map<? extends K, ? extends V> entries, StatisticsRecorder stats) {
    Map<K, Object> encoded = new LinkedHashMap<>();
    for (Map.Entry<? extends K, ? extends V> entry : entries.entrySet()) {
      encoded.put(entry.getKey(), storage.store(entry.getValue()));
    }
    Set<K> toApply = new HashSet<>(entries.keySet());
    RuntimeException writeFailure = writeThrough.writeAll(entries, toApply);
    EventBatch batch = lifecycle.newBatch();
    long puts = 0;
    for (Map.Entry<? extends K, ? extends V> entry : entries.entrySet()) {
      K key = entry.getKey();
      if (toApply.contains(key) && apply(key, entry.getValue(), encoded.get(key), batch)) {
        puts++;
      }
    }
    stats.recordPuts(puts);
    EntryLifecycle.await(batch);
    if (writeFailure != null) {
      throw writeFailure;
    }
  }

  void removeAll(Set<? extends K> keys, StatisticsRecorder stats) {
    if (keys.isEmpty()) {
      return;
    }
    Set<K> toRemove = new HashSet<>(keys);
    RuntimeException deleteFailure = writeThrough.deleteAll(keys, toRemove);
    EventBatch batch = lifecycle.newBatch();
    long removals = 0;
    for (K key : toRemove) {
      boolean[] removed = new boolean[1];
      store.compute(key, (k, current) -> {
        long now = lifecycle.now();
        flights.supersede(key);
        StoredEntry live = lifecycle.live(key, current, now, batch);
        if (live != null) {
          lifecycle.publishRemoval(EventType.REMOVED, key, live, batch);
          removed[0] = true;
        }
        return null;
      });
      if (removed[0]) {
        removals++;
      }
    }
    stats.recordRemovals(removals);
    EntryLifecycle.await(batch);
    if (deleteFailure != null) {
      throw deleteFailure;
    }
  }

  @SuppressWarnings("unchecked")
  void removeAll(StatisticsRecorder stats) {
    Set<K> keys = new HashSet<>();
    long now = lifecycle.now();
    for (Iterator<Map.Entry<Object, StoredEntry>> it = store.iterator(); it.hasNext(); ) {
      Map.Entry<Object, StoredEntry> entry = it.next();
      if (!entry.getValue().isExpiredAt(now)) {
        keys.add((K) entry.getKey());
      }
    }
    removeAll(keys, stats);
  }

  /** Applies one put of a bulk write; returns whether a value was stored. */
  private boolean apply(K key, V value, Object stored, EventBatch batch) {
    boolean[] put = new boolean[1];
    store.compute(storage.storeKey(key), (k, current) -> {
      long now = lifecycle.now();
      flights.supersede(key);
      StoredEntry live = lifecycle.live(key, current, now, batch);
      StoredEntry next = lifecycle.createOrUpdate(key, value, stored, live, now, batch);
      put[0] = next != null;
      return next;
    });
    return put[0];
  }
}
