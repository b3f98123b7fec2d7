package io.peanutcache.engine;

import io.peanutcache.event.EventBatch;
import io.peanutcache.load.SingleFlight;
import io.peanutcache.management.StatisticsRecorder;
import io.peanutcache.store.LocalStore;
import io.peanutcache.store.StoredEntry;
import javax.cache.event.EventType;

/**
 * The single-key writes of one cache: put, putIfAbsent, remove and replace in their plain,
 * conditional and get-and forms. Each is one atomic compute on the key that calls the writer,
 * consults the expiry policy once, publishes its events and supersedes a load in flight.
 *
 * @param <K> the type of keys
 * @param <V> the type of values
 */
final class WriteOperations<K, V> {

  private final LocalStore store;
  private final ValueStorage storage;
  private final EntryLifecycle<K, V> lifecycle;
  private final WriteThrough<K, V> writeThrough;
  private final SingleFlight<V> flights;

  /**
   * @param flights the loads in flight, which every write to their key supersedes
   */
  WriteOperations(LocalStore store, ValueStorage storage, EntryLifecycle<K, V> lifecycle,
      WriteThrough<K, V> writeThrough, SingleFlight<V> flights) {
    this.store = store;
    this.storage = storage;
    this.lifecycle = lifecycle;
    this.writeThrough = writeThrough;
    this.flights = flights;
  }

  /**
   * Stores {@code value} under {@code key}, writing it through first; with {@code wantOld}, counts
   * a hit or a miss and returns the value it replaced.
   */
  @SuppressWarnings("unchecked")
  V put(K key, V value, StatisticsRecorder stats, boolean wantOld) {
    Object stored = storage.store(value);
    EventBatch batch = lifecycle.newBatch();
    Object[] old = new Object[1];
    boolean[] put = new boolean[1];
    store.compute(storage.storeKey(key), (k, current) -> {
      long now = lifecycle.now();
      flights.supersede(key);
      writeThrough.write(key, value);
      StoredEntry live = lifecycle.live(key, current, now, batch);
      StoredEntry next = lifecycle.createOrUpdate(key, value, stored, live, now, batch);
      if (live != null && wantOld) {
        old[0] = storage.read(live.value());
      }
      put[0] = next != null;
      return next;
    });
    if (put[0]) {
      stats.recordPuts(1);
    }
    if (wantOld) {
      if (old[0] == null) {
        stats.recordMisses(1);
      } else {
        stats.recordHits(1);
      }
    }
    EntryLifecycle.await(batch);
    return (V) old[0];
  }

  /**
   * Stores {@code value} under {@code key} if the key has no live entry.
   *
   * @param key the key
   * @param value the value
   * @param stats where the put and the hit or miss are counted
   * @return true if the value was stored
   */
  boolean putIfAbsent(K key, V value, StatisticsRecorder stats) {
    Object stored = storage.store(value);
    EventBatch batch = lifecycle.newBatch();
    WriteOutcome[] outcome = {WriteOutcome.KEPT};
    store.compute(storage.storeKey(key), (k, current) -> {
      long now = lifecycle.now();
      StoredEntry live = lifecycle.live(key, current, now, batch);
      if (live != null) {
        return live;
      }
      flights.supersede(key);
      writeThrough.write(key, value);
      StoredEntry next = lifecycle.create(key, value, stored, now, batch);
      outcome[0] = next == null ? WriteOutcome.EXPIRED_AT_ONCE : WriteOutcome.STORED;
      return next;
    });
    if (outcome[0] == WriteOutcome.KEPT) {
      stats.recordHits(1);
    } else {
      stats.recordMisses(1);
      if (outcome[0] == WriteOutcome.STORED) {
        stats.recordPuts(1);
      }
    }
    EntryLifecycle.await(batch);
    return outcome[0] != WriteOutcome.KEPT;
  }

  /** Removes the entry of {@code key}; returns the stored form of the removed value, or null. */
  Object remove(K key, StatisticsRecorder stats) {
    EventBatch batch = lifecycle.newBatch();
    Object[] removed = new Object[1];
    store.compute(key, (k, current) -> {
      long now = lifecycle.now();
      flights.supersede(key);
      writeThrough.delete(key);
      StoredEntry live = lifecycle.live(key, current, now, batch);
      if (live != null) {
        removed[0] = live.value();
        lifecycle.publishRemoval(EventType.REMOVED, key, live, batch);
      }
      return null;
    });
    if (removed[0] != null) {
      stats.recordRemovals(1);
    }
    EntryLifecycle.await(batch);
    return removed[0];
  }

  /**
   * Removes the entry of {@code key} if its value equals {@code expected}.
   *
   * @param key the key
   * @param expected the value the entry must have
   * @param stats where the removal and the hit or miss are counted
   * @return true if the entry was removed
   */
  boolean removeIfEqual(K key, V expected, StatisticsRecorder stats) {
    return ifEqual(key, expected, stats, WriteOutcome.REMOVED, (live, now, batch) -> {
      writeThrough.delete(key);
      lifecycle.publishRemoval(EventType.REMOVED, key, live, batch);
      return null;
    });
  }

  /**
   * Replaces the value of {@code key} if it equals {@code expected}.
   *
   * @param key the key
   * @param expected the value the entry must have
   * @param value the new value
   * @param stats where the put and the hit or miss are counted
   * @return true if the value was replaced
   */
  boolean replaceIfEqual(K key, V expected, V value, StatisticsRecorder stats) {
    Object stored = storage.store(value);
    return ifEqual(key, expected, stats, WriteOutcome.STORED, (live, now, batch) -> {
      writeThrough.write(key, value);
      return lifecycle.update(key, value, stored, live, now, batch);
    });
  }

  /** What a conditional write does to a live entry whose value matched. */
  @FunctionalInterface
  private interface OnMatch {

    /** Returns the entry that replaces {@code live}, or null to remove it. */
    StoredEntry apply(StoredEntry live, long now, EventBatch batch);
  }

  /**
   * A write that happens only if the key's live value equals {@code expected}: otherwise the entry
   * is only accessed. Counts a hit or a miss, and the write when it happens.
   *
   * @return true if the value matched and {@code onMatch} ran
   */
  private boolean ifEqual(K key, V expected, StatisticsRecorder stats, WriteOutcome written, OnMatch onMatch) {
    EventBatch batch = lifecycle.newBatch();
    WriteOutcome[] outcome = {WriteOutcome.ABSENT};
    store.compute(key, (k, current) -> {
      long now = lifecycle.now();
      StoredEntry live = lifecycle.live(key, current, now, batch);
      if (live == null) {
        return null;
      }
      if (!storage.holds(live.value(), expected)) {
        outcome[0] = WriteOutcome.KEPT;
        return lifecycle.accessed(live);
      }
      flights.supersede(key);
      StoredEntry next = onMatch.apply(live, now, batch);
      outcome[0] = written;
      return next;
    });
    countConditional(outcome[0], stats);
    EntryLifecycle.await(batch);
    return outcome[0] == written;
  }

  /** Replaces a live value; returns the stored form of the value replaced, or null. */
  Object replace(K key, V value, StatisticsRecorder stats) {
    Object stored = storage.store(value);
    EventBatch batch = lifecycle.newBatch();
    Object[] old = new Object[1];
    store.compute(key, (k, current) -> {
      long now = lifecycle.now();
      StoredEntry live = lifecycle.live(key, current, now, batch);
      if (live == null) {
        return null;
      }
      flights.supersede(key);
      writeThrough.write(key, value);
      old[0] = live.value();
      return lifecycle.update(key, value, stored, live, now, batch);
    });
    if (old[0] == null) {
      stats.recordMisses(1);
    } else {
      stats.recordHits(1);
      stats.recordPuts(1);
    }
    EntryLifecycle.await(batch);
    return old[0];
  }

  /**
   * Counts a remove or replace that expected a value: a miss without a live entry, else a hit,
   * and the removal or the put it made.
   */
  private static void countConditional(WriteOutcome outcome, StatisticsRecorder stats) {
    if (outcome == WriteOutcome.ABSENT) {
      stats.recordMisses(1);
      return;
    }
    stats.recordHits(1);
    if (outcome == WriteOutcome.REMOVED) {
      stats.recordRemovals(1);
    } else if (outcome == WriteOutcome.STORED) {
      stats.recordPuts(1);
    }
  }
}
