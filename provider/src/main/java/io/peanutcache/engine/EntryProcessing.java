package io.peanutcache.engine;

import io.peanutcache.event.EventBatch;
import io.peanutcache.load.SingleFlight;
import io.peanutcache.management.StatisticsRecorder;
import io.peanutcache.store.LocalStore;
import io.peanutcache.store.StoredEntry;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.cache.event.EventType;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.EntryProcessorException;
import javax.cache.processor.EntryProcessorResult;

/**
 * Runs entry processors atomically on a key: the processor runs inside the key's compute, and the
 * one outcome it leaves (see {@link ProcessorEntry.Outcome}) is applied there with the writer,
 * the expiry policy, events and counts of the matching single-key operation.
 *
 * @param <K> the type of keys
 * @param <V> the type of values
 */
final class EntryProcessing<K, V> {

  private final LocalStore store;
  private final ValueStorage storage;
  private final EntryLifecycle<K, V> lifecycle;
  private final WriteThrough<K, V> writeThrough;
  private final SingleFlight<V> flights;
  /** Loads a value a processor reads on a missing entry; null without read-through. */
  private final Function<K, V> readThrough;

  /**
   * @param flights the loads in flight, which every write to their key supersedes
   * @param readThrough loads a value a processor reads on a missing entry; null without
   *     read-through
   */
  EntryProcessing(LocalStore store, ValueStorage storage, EntryLifecycle<K, V> lifecycle,
      WriteThrough<K, V> writeThrough, SingleFlight<V> flights, Function<K, V> readThrough) {
    this.store = store;
    this.storage = storage;
    this.lifecycle = lifecycle;
    this.writeThrough = writeThrough;
    this.flights = flights;
    this.readThrough = readThrough;
  }

  @SuppressWarnings("unchecked")
  <T> T invoke(K key, EntryProcessor<K, V, T> processor, Object[] arguments, StatisticsRecorder stats) {
    EventBatch batch = lifecycle.newBatch();
    Object[] result = new Object[1];
    ProcessorEntry<K, V>[] processed = new ProcessorEntry[1];
    store.compute(storage.storeKey(key), (k, current) -> {
      long now = lifecycle.now();
      StoredEntry live = lifecycle.live(key, current, now, batch);
      ProcessorEntry<K, V> entry = entry(key, live == null ? null : () -> (V) storage.read(live.value()));
      processed[0] = entry;
      result[0] = process(processor, entry, arguments);
      return apply(key, entry.outcome(), entry.value(), live, now, batch);
    });
    count(processed[0], stats);
    EntryLifecycle.await(batch);
    return (T) result[0];
  }

  /**
   * The entry a processor works on, which loads a value the processor reads on a missing entry
   * straight through the loader, with read-through: a processor runs inside its key's compute,
   * where waiting for another caller's load of the key could wait for itself.
   *
   * @param existing supplies the live value when first read, or null if the key has no live entry
   */
  ProcessorEntry<K, V> entry(K key, Supplier<V> existing) {
    return new ProcessorEntry<>(key, existing, readThrough);
  }

  /** Counts what one processor did: a hit or a miss, and a put or a removal. */
  static void count(ProcessorEntry<?, ?> entry, StatisticsRecorder stats) {
    if (entry.existed()) {
      stats.recordHits(1);
    } else {
      stats.recordMisses(1);
    }
    switch (entry.outcome()) {
      case CREATE, UPDATE -> stats.recordPuts(1);
      case REMOVE -> {
        if (entry.existed()) {
          stats.recordRemovals(1);
        }
      }
      default -> { }
    }
  }

  /**
   * Applies the outcome of a processor that ran elsewhere on {@code value}, if the entry of
   * {@code key} still has the version that processor read (null: still no live entry).
   */
  boolean applyIfUnchanged(K key, Object version, ProcessorEntry.Outcome outcome, V value) {
    EventBatch batch = lifecycle.newBatch();
    boolean[] applied = new boolean[1];
    store.compute(storage.storeKey(key), (k, current) -> {
      long now = lifecycle.now();
      StoredEntry live = lifecycle.live(key, current, now, batch);
      Object currentVersion = live == null ? null : live.value();
      if (currentVersion != version) { // identity: see VersionedValue
        return live;
      }
      applied[0] = true;
      return apply(key, outcome, value, live, now, batch);
    });
    EntryLifecycle.await(batch);
    return applied[0];
  }

  <T> Map<K, EntryProcessorResult<T>> invokeAll(Set<? extends K> keys,
      EntryProcessor<K, V, T> processor, Object[] arguments, StatisticsRecorder stats) {
    return eachKey(keys, key -> invoke(key, processor, arguments, stats));
  }

  /**
   * The results of invoking a processor on each key in turn: the non-null results, and for a key
   * whose invocation failed, a result that throws the failure as an EntryProcessorException.
   */
  static <K, T> Map<K, EntryProcessorResult<T>> eachKey(Set<? extends K> keys,
      Function<K, T> invoke) {
    Map<K, EntryProcessorResult<T>> results = new HashMap<>();
    for (K key : keys) {
      try {
        T result = invoke.apply(key);
        if (result != null) {
          results.put(key, () -> result);
        }
      } catch (RuntimeException e) {
        EntryProcessorException failure = e instanceof EntryProcessorException processorFailure
            ? processorFailure : new EntryProcessorException(e);
        results.put(key, () -> {
          throw failure;
        });
      }
    }
    return results;
  }

  static <K, V, T> T process(EntryProcessor<K, V, T> processor, ProcessorEntry<K, V> entry,
      Object[] arguments) {
    try {
      return processor.process(entry, arguments);
    } catch (EntryProcessorException e) {
      throw e;
    } catch (Exception e) {
      throw new EntryProcessorException(e);
    }
  }

  /** The entry that results from a processor's outcome. Runs inside the key's compute. */
  private StoredEntry apply(K key, ProcessorEntry.Outcome outcome, V value, StoredEntry live, long now,
      EventBatch batch) {
    switch (outcome) {
      case NONE:
        return live;
      case ACCESS:
        return live == null ? null : lifecycle.accessed(live);
      case LOAD:
        flights.supersede(key);
        return lifecycle.create(key, value, storage.store(value), now, batch);
      case CREATE: {
        Object stored = storage.store(value);
        flights.supersede(key);
        writeThrough.write(key, value);
        return lifecycle.create(key, value, stored, now, batch);
      }
      case UPDATE: {
        Object stored = storage.store(value);
        flights.supersede(key);
        writeThrough.write(key, value);
        return lifecycle.createOrUpdate(key, value, stored, live, now, batch);
      }
      case REMOVE:
        flights.supersede(key);
        writeThrough.delete(key);
        if (live != null) {
          lifecycle.publishRemoval(EventType.REMOVED, key, live, batch);
        }
        return null;
      default:
        throw new IllegalStateException("unknown outcome " + outcome);
    }
  }
}
