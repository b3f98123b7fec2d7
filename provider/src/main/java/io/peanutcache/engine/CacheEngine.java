package io.peanutcache.engine;

import io.peanutcache.PeanutConfiguration;
import io.peanutcache.codec.ValueCodec;
import io.peanutcache.event.EventBatch;
import io.peanutcache.event.EventDispatcher;
import io.peanutcache.load.SingleFlight;
import io.peanutcache.management.StatisticsRecorder;
import io.peanutcache.store.LocalStore;
import io.peanutcache.store.StoreChanges;
import io.peanutcache.store.StoredEntry;
import io.peanutcache.store.TimeSource;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import javax.cache.Cache;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.integration.CacheLoaderException;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.EntryProcessorResult;

/**
 * Runs the JCache operations of one cache on this node's store, and what the cluster asks of the
 * owner of its keys ({@link OwnerOperations}).
 *
 * <p>Every change is one atomic {@link LocalStore#compute} on the key; inside it the operation
 * finds whether the entry is live (an expired entry is removed and reported as expired), calls the
 * writer, consults the expiry policy exactly once, publishes its events and marks any load of the
 * key in flight as superseded. Events are delivered after the key is released; synchronous
 * listeners are awaited before the operation returns. Counts go to the statistics of the handle
 * the operation came through.
 *
 * <p>The single-key reads are here; the steps every change shares are in {@link EntryLifecycle}
 * and {@link EntryReads}, the loader's side in {@link Loading}, the writer's in
 * {@link WriteThrough}, and the single-key writes, bulk operations, entry processors and
 * iteration build on them in {@link WriteOperations}, {@link BulkOperations},
 * {@link EntryProcessing} and {@link EntryIterator}.
 *
 * @param <K> the type of keys
 * @param <V> the type of values
 */
public final class CacheEngine<K, V> implements CacheOperations<K, V>, OwnerOperations<K, V> {

  private final LocalStore store;
  private final ValueStorage storage;
  private final ExpiryTimes expiry;
  private final EventDispatcher<K, V> events;
  private final EntryLifecycle<K, V> lifecycle;
  private final EntryReads<K, V> reads;
  private final Loading<K, V> loading;
  private final WriteThrough<K, V> writeThrough;
  private final WriteOperations<K, V> writes;
  private final BulkOperations<K, V> bulk;
  private final EntryProcessing<K, V> processing;
  private final List<Runnable> evictionCounters = new CopyOnWriteArrayList<>();

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
    String cacheName = parts.cacheName();
    this.storage = parts.storage();
    this.expiry = new ExpiryTimes(parts.expiryPolicy());
    this.events = parts.events();
    TimeSource time = parts.time();
    this.lifecycle = new EntryLifecycle<>(storage, expiry, events, time);
    this.store = new LocalStore(parts.bound(storage), time, expiry.mayExpire(), lifecycle::expiredInStore,
        this::onEvicted);
    this.reads = new EntryReads<>(store, storage, lifecycle);
    Duration loadTimeout = parts.loadTimeout();
    SingleFlight<V> flights = new SingleFlight<>(loadTimeout, key -> new CacheLoaderException("the load of key "
        + key + " in cache " + cacheName + " did not finish within the load timeout of " + loadTimeout
        + " (peanutcache.load.timeout); the CacheLoader is still running"));
    this.loading = new Loading<>(cacheName,
        parts.loader() == null ? null : new GuardedLoader<>(cacheName, parts.loader()),
        parts.readThrough(), flights, store, storage, lifecycle, reads);
    this.writeThrough = new WriteThrough<>(cacheName, parts.writeThrough() && parts.writer() != null
        ? new GuardedWriter<>(cacheName, parts.writer()) : null);
    this.writes = new WriteOperations<>(store, storage, lifecycle, writeThrough, flights);
    this.bulk = new BulkOperations<>(store, storage, lifecycle, reads, loading, writeThrough, flights);
    this.processing = new EntryProcessing<>(store, storage, lifecycle, writeThrough, flights,
        loading.forProcessors());
  }

  // ---------------------------------------------------------------- reads

  @Override
  public V get(K key, StatisticsRecorder stats) {
    if (expiry.mayExpire() && events.hasListeners()) {
      // expiries the store performs during this read must reach synchronous listeners first
      EventBatch batch = EventBatch.open();
      V value = read(key, stats);
      batch.await();
      return value;
    }
    return read(key, stats);
  }

  private V read(K key, StatisticsRecorder stats) {
    V value = reads.lookup(key, stats);
    if (value != null) {
      return value;
    }
    return loading.isReadThrough() ? loading.load(key) : null;
  }

  @Override
  public CompletableFuture<V> getAsync(K key, StatisticsRecorder stats, Executor executor) {
    V hit = reads.hitWithoutBlocking(key, stats);
    if (hit != null) {
      return CompletableFuture.completedFuture(hit);
    }
    return CompletableFuture.supplyAsync(() -> get(key, stats), executor);
  }

  @Override
  public boolean containsKey(K key) {
    return reads.containsKey(key);
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
    loading.loadAll(keys, replaceExisting);
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
    return new EntryIterator<>(store.iterator(), reads, lifecycle, storage, key -> remove(key, stats), stats,
        true);
  }

  @Override
  public void clear() {
    loading.supersedeAll();
    store.clear();
  }

  @Override
  public void registerListener(CacheEntryListenerConfiguration<K, V> configuration) {
    events.register(configuration);
  }

  @Override
  public boolean deregisterListener(CacheEntryListenerConfiguration<K, V> configuration) {
    return events.deregister(configuration) != null;
  }

  // ---------------------------------------------------------------- what peers ask of the owner

  @Override
  public byte[] encodedHitWithoutBlocking(K key, StatisticsRecorder stats, ValueCodec codec) {
    return reads.encodedHitWithoutBlocking(key, stats, codec);
  }

  @Override
  public boolean readsLeaveExpiry() {
    return expiry.readsLeaveExpiry();
  }

  @Override
  public long expiresInNanos(K key) {
    return reads.expiresInNanos(key);
  }

  @Override
  public void observeChanges(StoreChanges observer) {
    store.observeChanges(observer);
  }

  @Override
  public V loadWithoutStoring(K key) {
    return loading.loadWithoutStoring(key);
  }

  @Override
  public boolean isReadThrough() {
    return loading.isReadThrough();
  }

  @Override
  public Iterator<Cache.Entry<K, V>> listing() {
    return new EntryIterator<>(store.iterator(), reads, lifecycle, storage, key -> remove(key, null), null,
        false);
  }

  @Override
  public void touch(K key) {
    reads.touch(key);
  }

  @Override
  public int dropEntries(Predicate<Object> moved) {
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
  @SuppressWarnings("unchecked")
  public Iterator<HeldEntry<K, V>> held(Predicate<Object> which) {
    Iterator<Map.Entry<Object, StoredEntry>> stored = store.iterator();
    return new Iterator<>() {
      private HeldEntry<K, V> next;

      @Override
      public boolean hasNext() {
        while (next == null && stored.hasNext()) {
          Map.Entry<Object, StoredEntry> candidate = stored.next();
          StoredEntry entry = candidate.getValue();
          long now = lifecycle.now();
          if (which.test(candidate.getKey()) && !entry.isExpiredAt(now)) {
            long left = entry.expiresAt() == StoredEntry.NEVER ? HeldEntry.NEVER : entry.expiresAt() - now;
            next = new HeldEntry<>((K) candidate.getKey(), (V) storage.read(entry.value()), left);
          }
        }
        return next != null;
      }

      @Override
      public HeldEntry<K, V> next() {
        if (!hasNext()) {
          throw new java.util.NoSuchElementException();
        }
        HeldEntry<K, V> held = next;
        next = null;
        return held;
      }
    };
  }

  @Override
  public void receive(K key, V value, long expiresInNanos) {
    Object stored = storage.store(value);
    long expiresAt = expiresInNanos == HeldEntry.NEVER ? StoredEntry.NEVER : lifecycle.now() + expiresInNanos;
    store.compute(storage.storeKey(key), (k, current) -> lifecycle.kept(stored, expiresAt));
  }

  @Override
  public VersionedValue<V> readVersioned(K key) {
    return reads.readVersioned(key);
  }

  @Override
  public ProcessorEntry<K, V> processorEntry(K key, Supplier<V> existing) {
    return processing.entry(key, existing);
  }

  @Override
  public boolean applyIfUnchanged(K key, Object version, ProcessorEntry.Outcome outcome, V value) {
    return processing.applyIfUnchanged(key, version, outcome, value);
  }

  @Override
  public long loads() {
    return loading.loads();
  }

  @Override
  public long loadsDeduped() {
    return loading.loadsDeduped();
  }

  // ---------------------------------------------------------------- evictions, statics, closing

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

  /**
   * The store behind this engine, for maintenance and tests.
   *
   * @return the store
   */
  public LocalStore store() {
    return store;
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
    loading.close();
    writeThrough.close();
    Closing.closeQuietly(expiry.policy());
    store.clear();
  }
}
