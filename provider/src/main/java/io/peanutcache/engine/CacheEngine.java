package io.peanutcache.engine;

import io.peanutcache.PeanutConfiguration;
import io.peanutcache.event.EventBatch;
import io.peanutcache.event.EventDispatcher;
import io.peanutcache.load.Flight;
import io.peanutcache.load.SingleFlight;
import io.peanutcache.management.CacheStatistics;
import io.peanutcache.management.ClusterStatistics;
import io.peanutcache.management.StatisticsRecorder;
import io.peanutcache.store.LocalStore;
import io.peanutcache.store.StoredEntry;
import io.peanutcache.store.TimeSource;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import javax.cache.Cache;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.event.EventType;
import javax.cache.integration.CacheLoader;
import javax.cache.integration.CacheLoaderException;
import javax.cache.integration.CacheWriter;
import javax.cache.integration.CacheWriterException;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.EntryProcessorResult;

/**
 * Runs the single-key JCache operations of one cache on this node's store.
 *
 * <p>Every change is one atomic {@link LocalStore#compute} on the key; inside it the operation
 * finds whether the entry is live (an expired entry is removed and reported as expired), calls the
 * writer, consults the expiry policy exactly once, publishes its events and marks any load of the
 * key in flight as superseded. Events are delivered after the key is released; synchronous
 * listeners are awaited before the operation returns. Counts go to the statistics of the handle
 * the operation came through.
 *
 * <p>The reads and the steps every change shares are here; the single-key writes are in
 * {@link WriteOperations}, and bulk operations, entry processors and iteration build on them in
 * {@link BulkOperations}, {@link EntryProcessing} and {@link EntryIterator}.
 *
 * @param <K> the type of keys
 * @param <V> the type of values
 */
public final class CacheEngine<K, V> implements CacheOperations<K, V> {

  final String cacheName;
  final LocalStore store;
  final ValueStorage storage;
  final ExpiryTimes expiry;
  final CacheLoader<K, V> loader;
  final boolean readThrough;
  final CacheWriter<K, V> writer;
  final EventDispatcher<K, V> events;
  final SingleFlight<V> flights;
  final TimeSource time;
  private final AtomicLong versions = new AtomicLong();
  private final List<Runnable> evictionCounters = new CopyOnWriteArrayList<>();
  private final WriteOperations<K, V> writes = new WriteOperations<>(this);
  private final BulkOperations<K, V> bulk = new BulkOperations<>(this);
  private final EntryProcessing<K, V> processing = new EntryProcessing<>(this);

  /**
   * Builds the engine of a cache: its loader, writer and expiry policy from the configuration's
   * factories, and an empty store.
   *
   * @param cacheName the cache's name, for messages
   * @param configuration the cache's configuration
   * @param classLoader loads classes of store-by-value values
   * @param time the clock expiry times are read from
   * @param loadTimeout how long a caller waits for a load another caller leads
   * @param events delivers the cache's events
   * @param <K> the type of keys
   * @param <V> the type of values
   * @return the engine
   */
  public static <K, V> CacheEngine<K, V> create(String cacheName,
      PeanutConfiguration<K, V> configuration, ClassLoader classLoader,
      TimeSource time, Duration loadTimeout, EventDispatcher<K, V> events) {
    return new CacheEngine<>(EngineParts.of(cacheName, configuration, classLoader, time, loadTimeout, events));
  }

  CacheEngine(EngineParts<K, V> parts) {
    this.cacheName = parts.cacheName();
    this.storage = parts.storage();
    this.expiry = new ExpiryTimes(parts.expiryPolicy());
    this.loader = parts.loader() == null ? null : new GuardedLoader<>(cacheName, parts.loader());
    this.readThrough = parts.readThrough() && parts.loader() != null;
    this.writer = parts.writeThrough() && parts.writer() != null
        ? new GuardedWriter<>(cacheName, parts.writer()) : null;
    this.events = parts.events();
    this.time = parts.time();
    Duration loadTimeout = parts.loadTimeout();
    this.flights = new SingleFlight<>(loadTimeout, key -> new CacheLoaderException("the load of key " + key
        + " in cache " + cacheName + " did not finish within the load timeout of " + loadTimeout
        + " (peanutcache.load.timeout); the CacheLoader is still running"));
    this.store = new LocalStore(parts.bound(storage), time, expiry.mayExpire(), this::onExpired,
        this::onEvicted);
  }

  // ---------------------------------------------------------------- reads

  @Override
  public V get(K key, StatisticsRecorder stats) {
    if (events.hasListeners()) {
      // expiries the store performs during this read must reach synchronous listeners first
      EventBatch batch = EventBatch.open();
      V value = read(key, stats);
      batch.await();
      return value;
    }
    return read(key, stats);
  }

  @SuppressWarnings("unchecked")
  private V read(K key, StatisticsRecorder stats) {
    StoredEntry entry = store.get(key);
    if (entry != null && isLive(entry)) {
      touch(key, entry);
      stats.recordHits(1);
      return (V) storage.read(entry.value());
    }
    if (entry != null) {
      expire(key, entry);
    }
    stats.recordMisses(1);
    return readThrough ? load(key) : null;
  }

  @Override
  public CompletableFuture<V> getAsync(K key, StatisticsRecorder stats, Executor executor) {
    V hit = hitWithoutBlocking(key, stats);
    if (hit != null) {
      return CompletableFuture.completedFuture(hit);
    }
    return CompletableFuture.supplyAsync(() -> get(key, stats), executor);
  }

  /**
   * The value of {@code key} if reading it runs no code of the application's: only for caches
   * whose entries never expire and that have no listeners, and only for a hit. A peer's request
   * that gets a value here is answered at once, on the network thread.
   *
   * @param key the key
   * @param stats where the hit is counted
   * @return the value of a hit, or null when the full {@link #get} must run (nothing is counted)
   */
  @SuppressWarnings("unchecked")
  public V hitWithoutBlocking(K key, StatisticsRecorder stats) {
    if (expiry.mayExpire() || events.hasListeners()) {
      return null;
    }
    StoredEntry entry = store.get(key);
    if (entry == null) {
      return null;
    }
    stats.recordHits(1);
    return (V) storage.read(entry.value());
  }

  /**
   * Whether reading an entry never changes its expiry, so that a copy of it kept elsewhere can be
   * read without telling this engine: true for JSR-107's eternal, created and modified policies.
   *
   * @return true if the expiry policy ignores access
   */
  public boolean readsLeaveExpiry() {
    return expiry.readsLeaveExpiry();
  }

  /**
   * How long the live entry of {@code key} has left before it expires, for a copy kept elsewhere
   * that must not outlive it.
   *
   * @param key the key
   * @return the nanoseconds left; {@link Long#MAX_VALUE} if entries of this cache never expire or
   *     this one does not; 0 if the key has no live entry
   */
  public long expiresInNanos(K key) {
    if (!expiry.mayExpire()) {
      return Long.MAX_VALUE;
    }
    StoredEntry entry = store.get(key);
    if (entry == null) {
      return 0;
    }
    if (entry.expiresAt() == StoredEntry.NEVER) {
      return Long.MAX_VALUE;
    }
    return Math.max(0, entry.expiresAt() - time.nanos());
  }

  @Override
  public boolean containsKey(K key) {
    StoredEntry entry = store.get(key);
    return entry != null && isLive(entry);
  }

  /** Whether an entry found outside its key's lock has not expired; eternal ones skip the clock. */
  boolean isLive(StoredEntry entry) {
    return entry.expiresAt() == StoredEntry.NEVER || !entry.isExpiredAt(time.nanos());
  }

  /** Applies the access expiry to a live entry that was read. */
  void touch(Object key, StoredEntry entry) {
    long expiresAt = expiry.forAccess(time, entry.expiresAt());
    if (expiresAt != entry.expiresAt()) {
      store.compute(key, (k, current) -> current == entry ? current.withExpiresAt(expiresAt) : current);
    }
  }

  /** Removes {@code entry} if it is still the entry of {@code key}, reporting it as expired. */
  void expire(K key, StoredEntry entry) {
    EventBatch batch = newBatch();
    store.compute(key, (k, current) -> {
      if (current != entry) {
        return current;
      }
      publishRemoval(EventType.EXPIRED, key, current, batch);
      return null;
    });
    await(batch);
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
    EventBatch batch = newBatch();
    Object[] result = {loaded};
    store.compute(storage.storeKey(key), (k, current) -> {
      long now = time.nanos();
      StoredEntry live = live(key, current, now, batch);
      if (live != null) {
        result[0] = storage.read(live.value());
        return live;
      }
      if (flight.isSuperseded()) {
        return null;
      }
      return create(key, loaded, stored, now, batch);
    });
    await(batch);
    return (V) result[0];
  }

  /**
   * Loads {@code key} through the loader without storing it: what a node returns when the key's
   * owner cannot be reached. Concurrent calls for one key share one load.
   *
   * @param key the key
   * @return the loaded value, or null
   */
  public V loadWithoutStoring(K key) {
    if (!readThrough) {
      return null;
    }
    return flights.load(key, (k, flight) -> callLoader(key));
  }

  /**
   * Whether a miss loads through the cache's loader.
   *
   * @return true if read-through is on and there is a loader
   */
  public boolean isReadThrough() {
    return readThrough;
  }

  V callLoader(K key) {
    try {
      return loader.load(key);
    } catch (CacheLoaderException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new CacheLoaderException("the CacheLoader of cache " + cacheName + " failed to load key "
          + key + ": " + e, e);
    }
  }

  // ---------------------------------------------------------------- writes

  @Override
  public void put(K key, V value, StatisticsRecorder stats) {
    writes.put(key, value, stats, false);
  }

  @Override
  public V getAndPut(K key, V value, StatisticsRecorder stats) {
    return writes.put(key, value, stats, true);
  }

  @Override
  public boolean putIfAbsent(K key, V value, StatisticsRecorder stats) {
    return writes.putIfAbsent(key, value, stats);
  }

  @Override
  public boolean remove(K key, StatisticsRecorder stats) {
    return writes.remove(key, stats) != null;
  }

  @Override
  @SuppressWarnings("unchecked")
  public V getAndRemove(K key, StatisticsRecorder stats) {
    Object removed = writes.remove(key, stats);
    if (removed == null) {
      stats.recordMisses(1);
      return null;
    }
    stats.recordHits(1);
    return (V) storage.read(removed);
  }

  @Override
  public boolean remove(K key, V expected, StatisticsRecorder stats) {
    return writes.removeIfEqual(key, expected, stats);
  }

  @Override
  public boolean replace(K key, V expected, V value, StatisticsRecorder stats) {
    return writes.replaceIfEqual(key, expected, value, stats);
  }

  @Override
  public boolean replace(K key, V value, StatisticsRecorder stats) {
    return writes.replace(key, value, stats) != null;
  }

  @Override
  @SuppressWarnings("unchecked")
  public V getAndReplace(K key, V value, StatisticsRecorder stats) {
    Object old = writes.replace(key, value, stats);
    return old == null ? null : (V) storage.read(old);
  }

  // ---------------------------------------------------------------- bulk, processors, iteration

  @Override
  public Map<K, V> getAll(Set<? extends K> keys, StatisticsRecorder stats) {
    return bulk.getAll(keys, stats);
  }

  @Override
  public void putAll(Map<? extends K, ? extends V> entries, StatisticsRecorder stats) {
    bulk.putAll(entries, stats);
  }

  @Override
  public void removeAll(Set<? extends K> keys, StatisticsRecorder stats) {
    bulk.removeAll(keys, stats);
  }

  @Override
  public void removeAll(StatisticsRecorder stats) {
    bulk.removeAll(stats);
  }

  @Override
  public void loadAll(Set<? extends K> keys, boolean replaceExisting) {
    bulk.loadAll(keys, replaceExisting);
  }

  @Override
  public <T> T invoke(K key, EntryProcessor<K, V, T> processor,
      Object[] arguments, StatisticsRecorder stats) {
    return processing.invoke(key, processor, arguments, stats);
  }

  @Override
  public <T> Map<K, EntryProcessorResult<T>> invokeAll(
      Set<? extends K> keys, EntryProcessor<K, V, T> processor,
      Object[] arguments, StatisticsRecorder stats) {
    return processing.invokeAll(keys, processor, arguments, stats);
  }

  @Override
  public Iterator<Cache.Entry<K, V>> iterator(StatisticsRecorder stats) {
    return new EntryIterator<>(this, stats, true);
  }

  /**
   * Lists the live entries for another node, which reads each one through {@link #touch} as its
   * iteration reaches it: listing counts nothing and applies no access expiry.
   *
   * @return the entries
   */
  public Iterator<Cache.Entry<K, V>> listing() {
    return new EntryIterator<>(this, null, false);
  }

  /**
   * Applies the access expiry to the live entry of {@code key}, for an iteration on another node
   * that has just returned it; counts nothing and loads nothing.
   *
   * @param key the key
   */
  public void touch(K key) {
    StoredEntry entry = store.get(key);
    if (entry != null && isLive(entry)) {
      touch(key, entry);
    }
  }

  /**
   * Drops, without events, writing through or counting, the entries whose keys no longer belong
   * here: this node stopped owning their partitions, and their new owner loads or receives them
   * afresh. Keeping them would serve stale values should the partitions come back.
   *
   * @param moved whether a key's entry is to go
   * @return how many entries were dropped
   */
  public int dropEntries(java.util.function.Predicate<Object> moved) {
    int dropped = 0;
    for (var iterator = store.iterator(); iterator.hasNext(); ) {
      Object key = iterator.next().getKey();
      if (moved.test(key) && store.compute(key, (k, current) -> null) == null) {
        dropped++;
      }
    }
    return dropped;
  }

  @Override
  public void clear() {
    flights.supersedeAll();
    store.clear();
  }

  // ---------------------------------------------------------------- shared steps

  /**
   * The live entry among {@code current}: null if there is none, and null (after publishing an
   * expired event) if it has expired. Call inside the key's compute.
   */
  StoredEntry live(K key, StoredEntry current, long now, EventBatch batch) {
    if (current == null) {
      return null;
    }
    if (current.isExpiredAt(now)) {
      publishRemoval(EventType.EXPIRED, key, current, batch);
      return null;
    }
    return current;
  }

  /** A new entry for a created value, or null if the expiry policy says it expires at once. */
  StoredEntry create(K key, V value, Object stored, long now, EventBatch batch) {
    long expiresAt = expiry.forCreation(now);
    if (expiresAt == ExpiryTimes.DO_NOT_CREATE) {
      return null;
    }
    if (events.hasListeners()) {
      events.publish(EventType.CREATED, key, value, null, batch);
    }
    return new StoredEntry(stored, expiresAt, versions.incrementAndGet());
  }

  /** The entry that replaces {@code live} with a new value. */
  @SuppressWarnings("unchecked")
  StoredEntry update(K key, V value, Object stored, StoredEntry live, long now, EventBatch batch) {
    long expiresAt = expiry.forUpdate(now, live.expiresAt());
    if (events.hasListeners()) {
      events.publish(EventType.UPDATED, key, value, (V) storage.read(live.value()), batch);
    }
    return new StoredEntry(stored, expiresAt, versions.incrementAndGet());
  }

  /** {@code live} after a read that did not change it: the access expiry applies. */
  StoredEntry accessed(StoredEntry live) {
    long expiresAt = expiry.forAccess(time, live.expiresAt());
    return expiresAt == live.expiresAt() ? live : live.withExpiresAt(expiresAt);
  }

  @SuppressWarnings("unchecked")
  void publishRemoval(EventType type, K key, StoredEntry entry, EventBatch batch) {
    if (events.hasListenersFor(type)) {
      V value = (V) storage.read(entry.value());
      events.publish(type, key, value, value, batch);
    }
  }

  /**
   * Tells {@code counter} of every entry evicted to respect the cache's bound from now on.
   *
   * @param counter called once per eviction
   */
  public void onEviction(Runnable counter) {
    evictionCounters.add(counter);
  }

  private void onEvicted() {
    for (Runnable counter : evictionCounters) {
      counter.run();
    }
  }

  @SuppressWarnings("unchecked")
  private void onExpired(Object key, StoredEntry entry) {
    publishRemoval(EventType.EXPIRED, (K) key, entry, null);
  }

  /** Writes an entry through, if write-through is on. */
  void write(K key, V value) {
    if (writer == null) {
      return;
    }
    try {
      writer.write(new PeanutCacheEntry<>(key, value));
    } catch (CacheWriterException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new CacheWriterException("the CacheWriter of cache " + cacheName + " failed to write key "
          + key + ": " + e, e);
    }
  }

  /** Deletes a key through, if write-through is on. */
  void delete(K key) {
    if (writer == null) {
      return;
    }
    try {
      writer.delete(key);
    } catch (CacheWriterException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new CacheWriterException("the CacheWriter of cache " + cacheName + " failed to delete key "
          + key + ": " + e, e);
    }
  }

  EventBatch newBatch() {
    return events.hasListeners() ? EventBatch.open() : null;
  }

  static void await(EventBatch batch) {
    if (batch != null) {
      batch.await();
    }
  }

  /**
   * How many read-through loads this node started for the cache (groupcache's Loads).
   *
   * @return the number of loads
   */
  public long loads() {
    return flights.loads();
  }

  /**
   * How many read-through misses joined a load already in flight (groupcache's LoadsDeduped).
   *
   * @return the number of deduplicated loads
   */
  public long loadsDeduped() {
    return flights.loadsDeduped();
  }

  /**
   * The store behind this engine, for maintenance and tests.
   *
   * @return the store
   */
  public LocalStore store() {
    return store;
  }

  @Override
  public String ownerOf(K key) {
    return "embedded";
  }

  @Override
  public boolean ownsKey(K key) {
    return true;
  }

  @Override
  public ClusterStatistics clusterStatistics(CacheStatistics own) {
    return ClusterStatistics.of(Map.of("embedded", ClusterStatistics.shareOf(List.of(own))));
  }

  @Override
  public void registerListener(CacheEntryListenerConfiguration<K, V> configuration) {
    events.register(configuration);
  }

  @Override
  public boolean deregisterListener(CacheEntryListenerConfiguration<K, V> configuration) {
    return events.deregister(configuration) != null;
  }

  /**
   * A key's live value and its entry's version, for an entry processor that runs on another node.
   *
   * @param key the key
   * @return the value (null when the key has no live entry) and the version (0 then)
   */
  @SuppressWarnings("unchecked")
  public VersionedValue<V> readVersioned(K key) {
    StoredEntry entry = store.get(key);
    if (entry == null || !isLive(entry)) {
      return new VersionedValue<>(null, 0);
    }
    return new VersionedValue<>((V) storage.read(entry.value()), entry.version());
  }

  /**
   * Applies what an entry processor that ran on another node did, with the writer, expiry policy
   * and events of the matching operation, if the entry still has the version it read.
   *
   * @param key the key
   * @param version the version the processor read, 0 if the key had no live entry
   * @param outcome what the processor did
   * @param value the value it set or loaded, or null
   * @return whether the outcome was applied; false if the entry changed since it was read
   */
  public boolean applyIfUnchanged(K key, long version, ProcessorEntry.Outcome outcome, V value) {
    return processing.applyIfUnchanged(key, version, outcome, value);
  }

  /**
   * Runs {@code processor} on an entry built elsewhere, wrapping what it throws as JSR-107 says.
   *
   * @param processor the processor
   * @param entry the entry it works on
   * @param arguments its arguments
   * @param <T> the type of its result
   * @return its result
   * @throws javax.cache.processor.EntryProcessorException if it failed
   */
  public static <K, V, T> T process(EntryProcessor<K, V, T> processor, ProcessorEntry<K, V> entry,
      Object[] arguments) {
    return EntryProcessing.process(processor, entry, arguments);
  }

  /**
   * Invokes a processor on each key in turn, as {@code invokeAll} returns it: the non-null results,
   * and for a key whose invocation failed, a result that throws an EntryProcessorException.
   *
   * @param keys the keys
   * @param invoke runs the processor on one key
   * @param <K> the type of keys
   * @param <T> the type of results
   * @return the results by key
   */
  public static <K, T> Map<K, EntryProcessorResult<T>> invokeEach(Set<? extends K> keys,
      Function<K, T> invoke) {
    return EntryProcessing.eachKey(keys, invoke);
  }

  /**
   * Counts in {@code stats} what one processor did: a hit or a miss, and a put or a removal.
   *
   * @param entry the entry the processor worked on
   * @param stats the statistics of the handle it came through
   */
  public static void count(ProcessorEntry<?, ?> entry, StatisticsRecorder stats) {
    EntryProcessing.count(entry, stats);
  }

  @Override
  public void close() {
    events.close();
    Closing.closeQuietly(loader);
    Closing.closeQuietly(writer);
    Closing.closeQuietly(expiry.policy());
    store.clear();
  }
}
