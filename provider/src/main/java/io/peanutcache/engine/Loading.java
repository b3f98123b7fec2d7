package io.peanutcache.engine;

import io.peanutcache.event.EventBatch;
import io.peanutcache.load.Flight;
import io.peanutcache.load.SingleFlight;
import io.peanutcache.store.LocalStore;
import io.peanutcache.store.StoredEntry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import javax.cache.integration.CacheLoaderException;

/**
 * The loads of one cache: read-through on a miss and {@code loadAll}. Concurrent loads of a key
 * happen once (single flight), and a loaded value is stored only if no write to its key landed
 * while it loaded. What the loader throws reaches the caller as a {@link CacheLoaderException}
 * naming the cache.
 *
 * @param <K> the type of keys
 * @param <V> the type of values
 */
final class Loading<K, V> {

  private final String cacheName;
  /** The loader, or null when the cache has none. */
  private final GuardedLoader<K, V> loader;
  private final boolean readThrough;
  private final SingleFlight<V> flights;
  private final LocalStore store;
  private final ValueStorage storage;
  private final EntryLifecycle<K, V> lifecycle;
  private final EntryReads<K, V> reads;

  /**
   * @param loader the cache's loader, or null when it has none
   * @param readThrough whether a miss loads through the loader; false without a loader
   * @param flights the loads in flight, which every write to a key supersedes
   */
  Loading(String cacheName, GuardedLoader<K, V> loader, boolean readThrough, SingleFlight<V> flights,
      LocalStore store, ValueStorage storage, EntryLifecycle<K, V> lifecycle, EntryReads<K, V> reads) {
    this.cacheName = cacheName;
    this.loader = loader;
    this.readThrough = readThrough && loader != null;
    this.flights = flights;
    this.store = store;
    this.storage = storage;
    this.lifecycle = lifecycle;
    this.reads = reads;
  }

  /** Whether a miss loads through the loader. */
  boolean isReadThrough() {
    return readThrough;
  }

  /** Loads {@code key} once for all concurrent callers and stores it unless a write overtook it. */
  @SuppressWarnings("unchecked")
  V load(K key) {
    V value = flights.load(key, (k, flight) -> loadAndStore(key, flight));
    return value == null ? null : (V) storage.copy(value);
  }

  @SuppressWarnings("unchecked")
  private V loadAndStore(K key, Flight<V> flight) {
    V loaded = callLoader(key);
    if (loaded == null) {
      return null;
    }
    Object stored = storage.store(loaded);
    EventBatch batch = lifecycle.newBatch();
    Object[] result = {loaded};
    store.compute(storage.storeKey(key), (k, current) -> {
      long now = lifecycle.now();
      StoredEntry live = lifecycle.live(key, current, now, batch);
      if (live != null) {
        result[0] = storage.read(live.value());
        return live;
      }
      if (flight.isSuperseded()) {
        return null;
      }
      return lifecycle.create(key, loaded, stored, now, batch);
    });
    EntryLifecycle.await(batch);
    return (V) result[0];
  }

  /** Loads {@code key} without storing it, sharing the load with concurrent callers; null without read-through. */
  V loadWithoutStoring(K key) {
    if (!readThrough) {
      return null;
    }
    return flights.load(key, (k, flight) -> callLoader(key));
  }

  /**
   * How an entry processor loads a missing value: straight through the loader, since it runs
   * inside its key's compute, where waiting for another caller's load could wait for itself; null
   * without read-through.
   */
  Function<K, V> forProcessors() {
    return readThrough ? this::callLoader : null;
  }

  private V callLoader(K key) {
    try {
      return loader.load(key);
    } catch (CacheLoaderException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new CacheLoaderException("the CacheLoader of cache " + cacheName + " failed to load key "
          + key + ": " + e, e);
    }
  }

  /**
   * Loads the keys of a getAll that missed: the ones no one is loading with one {@code loadAll},
   * under single flight, so a write that lands meanwhile wins and concurrent gets of those keys
   * share the load; the ones already in flight by joining their loads.
   */
  @SuppressWarnings("unchecked")
  Map<K, V> loadMissing(List<K> missing) {
    Map<Object, Flight<V>> led = flights.lead(missing);
    Map<K, V> values = new HashMap<>();
    if (!led.isEmpty()) {
      List<K> toLoad = new ArrayList<>();
      led.keySet().forEach(key -> toLoad.add((K) key));
      Map<K, V> loaded;
      try {
        loaded = callLoadAll(toLoad);
      } catch (RuntimeException e) {
        led.forEach((key, flight) -> flights.fail(key, flight, e));
        throw e;
      }
      for (K key : toLoad) {
        Flight<V> flight = led.get(key);
        V value = loaded.get(key);
        try {
          V current = value == null ? null : storeLoaded(key, value, false, flight);
          V answer = current != null ? current : value;
          flights.land(key, flight, answer);
          if (answer != null) {
            values.put(key, answer);
          }
        } catch (RuntimeException e) {
          flights.fail(key, flight, e);
          throw e;
        }
      }
    }
    for (K key : missing) {
      if (!led.containsKey(key)) {
        V value = load(key);
        if (value != null) {
          values.put(key, value);
        }
      }
    }
    return values;
  }

  /**
   * Loads {@code keys} through the loader's {@code loadAll} and stores what it returns, replacing
   * live entries only when {@code replaceExisting}. Nothing is written through. Without
   * {@code replaceExisting} the missing keys load under single flight: a key that a get or another
   * loadAll is loading already is waited for, not loaded again.
   */
  void loadAll(Set<? extends K> keys, boolean replaceExisting) {
    if (loader == null) {
      return;
    }
    List<K> toLoad = new ArrayList<>();
    for (K key : keys) {
      if (replaceExisting || !reads.containsKey(key)) {
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
    Object stored = storage.store(value);
    EventBatch batch = lifecycle.newBatch();
    Object[] kept = new Object[1];
    store.compute(storage.storeKey(key), (k, current) -> {
      long now = lifecycle.now();
      StoredEntry live = lifecycle.live(key, current, now, batch);
      if (live != null && !replaceExisting) {
        kept[0] = storage.read(live.value());
        return live;
      }
      if (flight != null && flight.isSuperseded()) {
        return live;
      }
      flights.supersede(key);
      return lifecycle.createOrUpdate(key, value, stored, live, now, batch);
    });
    EntryLifecycle.await(batch);
    return (V) kept[0];
  }

  @SuppressWarnings("unchecked")
  private Map<K, V> callLoadAll(List<K> keys) {
    Map<K, V> loaded;
    try {
      loaded = (Map<K, V>) loader.loadAll(keys);
    } catch (CacheLoaderException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new CacheLoaderException("the CacheLoader of cache " + cacheName
          + " failed to load " + keys.size() + " keys: " + e, e);
    }
    return loaded == null ? Map.of() : loaded;
  }

  /** Makes every load in flight store nothing: the cache was cleared. */
  void supersedeAll() {
    flights.supersedeAll();
  }

  /** How many loads this node started (groupcache's Loads). */
  long loads() {
    return flights.loads();
  }

  /** How many misses joined a load already in flight (groupcache's LoadsDeduped). */
  long loadsDeduped() {
    return flights.loadsDeduped();
  }

  /** Closes the loader once the loads in flight end; later loads are refused. */
  void close() {
    Closing.closeQuietly(loader);
  }
}
