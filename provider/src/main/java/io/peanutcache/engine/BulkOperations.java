package io.peanutcache.engine;

import io.peanutcache.event.EventBatch;
import io.peanutcache.load.Flight;
import io.peanutcache.management.StatisticsRecorder;
import io.peanutcache.store.StoredEntry;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.cache.Cache;
import javax.cache.event.EventType;
import javax.cache.integration.CacheLoaderException;
import javax.cache.integration.CacheWriterException;

/**
 * The bulk operations of one cache: getAll, putAll, removeAll and loadAll. Each is a sequence of
 * single-key changes (JSR-107 does not make them atomic as a whole) with one call to the loader's
 * {@code loadAll} or the writer's {@code writeAll}/{@code deleteAll}; when the writer fails part
 * way, the keys it did write are applied and its exception is thrown after.
 *
 * @param <K> the type of keys
 * @param <V> the type of values
 */
final class BulkOperations<K, V> {

  private final CacheEngine<K, V> engine;

  BulkOperations(CacheEngine<K, V> engine) {
    this.engine = engine;
  }

  @SuppressWarnings("unchecked")
  Map<K, V> getAll(Set<? extends K> keys, StatisticsRecorder stats) {
    EventBatch batch = engine.newBatch();
    Map<K, V> result = new HashMap<>(Math.max(4, keys.size() * 2));
    List<K> missing = new ArrayList<>();
    for (K key : keys) {
      StoredEntry entry = engine.store.get(key);
      if (entry != null && engine.isLive(entry)) {
        engine.touch(key, entry);
        stats.recordHits(1);
        result.put(key, (V) engine.storage.read(entry.value()));
        continue;
      }
      if (entry != null) {
        engine.expire(key, entry);
      }
      stats.recordMisses(1);
      missing.add(key);
    }
    if (engine.readThrough && !missing.isEmpty()) {
      result.putAll(loadMissing(missing));
    }
    CacheEngine.await(batch);
    return result;
  }

  /**
   * Loads the keys of a getAll that missed: the ones no one is loading with one {@code loadAll},
   * under single flight, so a write that lands meanwhile wins and concurrent gets of those keys
   * share the load; the ones already in flight by joining their loads.
   */
  @SuppressWarnings("unchecked")
  private Map<K, V> loadMissing(List<K> missing) {
    Map<Object, Flight<V>> led = engine.flights.lead(missing);
    Map<K, V> values = new HashMap<>();
    if (!led.isEmpty()) {
      List<K> toLoad = new ArrayList<>();
      led.keySet().forEach(key -> toLoad.add((K) key));
      Map<K, V> loaded;
      try {
        loaded = callLoadAll(toLoad);
      } catch (RuntimeException e) {
        led.forEach((key, flight) -> engine.flights.fail(key, flight, e));
        throw e;
      }
      for (K key : toLoad) {
        Flight<V> flight = led.get(key);
        V value = loaded.get(key);
        try {
          V current = value == null ? null : storeLoaded(key, value, false, flight);
          V answer = current != null ? current : value;
          engine.flights.land(key, flight, answer);
          if (answer != null) {
            values.put(key, answer);
          }
        } catch (RuntimeException e) {
          engine.flights.fail(key, flight, e);
          throw e;
        }
      }
    }
    for (K key : missing) {
      if (!led.containsKey(key)) {
        V value = engine.load(key);
        if (value != null) {
          values.put(key, value);
        }
      }
    }
    return values;
  }

  void putAll(Map<? extends K, ? extends V> entries, StatisticsRecorder stats) {
    Map<K, Object> encoded = new LinkedHashMap<>();
    for (Map.Entry<? extends K, ? extends V> entry : entries.entrySet()) {
      encoded.put(entry.getKey(), engine.storage.store(entry.getValue()));
    }
    Set<K> toApply = new HashSet<>(entries.keySet());
    RuntimeException writeFailure = null;
    if (engine.writer != null) {
      Collection<Cache.Entry<? extends K, ? extends V>> unwritten = new ArrayList<>();
      for (Map.Entry<? extends K, ? extends V> entry : entries.entrySet()) {
        unwritten.add(new PeanutCacheEntry<>(entry.getKey(), entry.getValue()));
      }
      try {
        engine.writer.writeAll(unwritten);
        unwritten.clear();
      } catch (RuntimeException e) {
        writeFailure = e instanceof CacheWriterException ? e : new CacheWriterException(
            "the CacheWriter of cache " + engine.cacheName + " failed to write all entries: " + e, e);
      }
      for (Cache.Entry<? extends K, ? extends V> failed : unwritten) {
        toApply.remove(failed.getKey());
      }
    }
    EventBatch batch = engine.newBatch();
    long puts = 0;
    for (Map.Entry<? extends K, ? extends V> entry : entries.entrySet()) {
      K key = entry.getKey();
      if (toApply.contains(key) && apply(key, entry.getValue(), encoded.get(key), true, batch)) {
        puts++;
      }
    }
    stats.recordPuts(puts);
    CacheEngine.await(batch);
    if (writeFailure != null) {
      throw writeFailure;
    }
  }

  void removeAll(Set<? extends K> keys, StatisticsRecorder stats) {
    if (keys.isEmpty()) {
      return;
    }
    Set<K> toRemove = new HashSet<>(keys);
    RuntimeException deleteFailure = null;
    if (engine.writer != null) {
      Collection<K> undeleted = new ArrayList<>(keys);
      try {
        engine.writer.deleteAll(undeleted);
        undeleted.clear();
      } catch (RuntimeException e) {
        deleteFailure = e instanceof CacheWriterException ? e : new CacheWriterException(
            "the CacheWriter of cache " + engine.cacheName + " failed to delete all keys: " + e, e);
      }
      toRemove.removeAll(undeleted);
    }
    EventBatch batch = engine.newBatch();
    long removals = 0;
    for (K key : toRemove) {
      boolean[] removed = new boolean[1];
      engine.store.compute(key, (k, current) -> {
        long now = engine.time.nanos();
        engine.flights.supersede(key);
        StoredEntry live = engine.live(key, current, now, batch);
        if (live != null) {
          engine.publishRemoval(EventType.REMOVED, key, live, batch);
          removed[0] = true;
        }
        return null;
      });
      if (removed[0]) {
        removals++;
      }
    }
    stats.recordRemovals(removals);
    CacheEngine.await(batch);
    if (deleteFailure != null) {
      throw deleteFailure;
    }
  }

  @SuppressWarnings("unchecked")
  void removeAll(StatisticsRecorder stats) {
    Set<K> keys = new HashSet<>();
    long now = engine.time.nanos();
    for (Iterator<Map.Entry<Object, StoredEntry>> it = engine.store.iterator(); it.hasNext(); ) {
      Map.Entry<Object, StoredEntry> entry = it.next();
      if (!entry.getValue().isExpiredAt(now)) {
        keys.add((K) entry.getKey());
      }
    }
    removeAll(keys, stats);
  }

  /**
   * Loads {@code keys} through the loader's {@code loadAll} and stores what it returns, replacing
   * live entries only when {@code replaceExisting}. Nothing is written through. Without
   * {@code replaceExisting} the missing keys load under single flight: a key that a get or another
   * loadAll is loading already is waited for, not loaded again.
   */
  void loadAll(Set<? extends K> keys, boolean replaceExisting) {
    if (engine.loader == null) {
      return;
    }
    List<K> toLoad = new ArrayList<>();
    for (K key : keys) {
      if (replaceExisting || !engine.containsKey(key)) {
        toLoad.add(key);
      }
    }
    if (toLoad.isEmpty()) {
      return;
    }
    if (!replaceExisting) {
      // the missing keys, loaded once with the gets and other loadAlls that miss them meanwhile
      loadMissing(toLoad);
      return;
    }
    Map<K, V> loaded = callLoadAll(toLoad);
    for (K key : toLoad) {
      V value = loaded.get(key);
      if (value != null) {
        storeLoaded(key, value, replaceExisting, null);
      }
    }
  }

  /**
   * Stores a loaded value: creates the entry if absent, replaces a live one only when asked, and
   * stores nothing if a write superseded the load's flight (when it has one). Returns the value
   * that is now in place if the load did not replace it, else null.
   */
  @SuppressWarnings("unchecked")
  private V storeLoaded(K key, V value, boolean replaceExisting, Flight<V> flight) {
    Object stored = engine.storage.store(value);
    EventBatch batch = engine.newBatch();
    Object[] kept = new Object[1];
    engine.store.compute(engine.storage.storeKey(key), (k, current) -> {
      long now = engine.time.nanos();
      StoredEntry live = engine.live(key, current, now, batch);
      if (live != null && !replaceExisting) {
        kept[0] = engine.storage.read(live.value());
        return live;
      }
      if (flight != null && flight.isSuperseded()) {
        return live;
      }
      engine.flights.supersede(key);
      return live == null
          ? engine.create(key, value, stored, now, batch)
          : engine.update(key, value, stored, live, now, batch);
    });
    CacheEngine.await(batch);
    return (V) kept[0];
  }

  /** Applies one put of a bulk write; returns whether a value was stored. */
  private boolean apply(K key, V value, Object stored, boolean replaceExisting, EventBatch batch) {
    boolean[] put = new boolean[1];
    engine.store.compute(engine.storage.storeKey(key), (k, current) -> {
      long now = engine.time.nanos();
      engine.flights.supersede(key);
      StoredEntry live = engine.live(key, current, now, batch);
      if (live != null && !replaceExisting) {
        return live;
      }
      StoredEntry next = live == null
          ? engine.create(key, value, stored, now, batch)
          : engine.update(key, value, stored, live, now, batch);
      put[0] = next != null;
      return next;
    });
    return put[0];
  }

  @SuppressWarnings("unchecked")
  private Map<K, V> callLoadAll(List<K> keys) {
    Map<K, V> loaded;
    try {
      loaded = (Map<K, V>) engine.loader.loadAll(keys);
    } catch (CacheLoaderException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new CacheLoaderException("the CacheLoader of cache " + engine.cacheName
          + " failed to load " + keys.size() + " keys: " + e, e);
    }
    return loaded == null ? Map.of() : loaded;
  }
}
