package io.peanutcache.engine;

import io.peanutcache.event.EventBatch;
import io.peanutcache.management.StatisticsRecorder;
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

  private final CacheEngine<K, V> engine;

  WriteOperations(CacheEngine<K, V> engine) {
    this.engine = engine;
  }

  /**
   * Stores {@code value} under {@code key}, writing it through first; with {@code wantOld}, counts
   * a hit or a miss and returns the value it replaced.
   */
  @SuppressWarnings("unchecked")
  V put(K key, V value, StatisticsRecorder stats, boolean wantOld) {
    Object stored = engine.storage.store(value);
    EventBatch batch = engine.newBatch();
    Object[] old = new Object[1];
    boolean[] put = new boolean[1];
    engine.store.compute(engine.storage.storeKey(key), (k, current) -> {
      long now = engine.time.nanos();
      engine.flights.supersede(key);
      engine.write(key, value);
      StoredEntry live = engine.live(key, current, now, batch);
      StoredEntry next = live == null
          ? engine.create(key, value, stored, now, batch)
          : engine.update(key, value, stored, live, now, batch);
      if (live != null && wantOld) {
        old[0] = engine.storage.read(live.value());
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
    CacheEngine.await(batch);
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
    Object stored = engine.storage.store(value);
    EventBatch batch = engine.newBatch();
    boolean[] added = new boolean[1];
    boolean[] put = new boolean[1];
    engine.store.compute(engine.storage.storeKey(key), (k, current) -> {
      long now = engine.time.nanos();
      StoredEntry live = engine.live(key, current, now, batch);
      if (live != null) {
        return live;
      }
      engine.flights.supersede(key);
      engine.write(key, value);
      added[0] = true;
      StoredEntry next = engine.create(key, value, stored, now, batch);
      put[0] = next != null;
      return next;
    });
    if (added[0]) {
      stats.recordMisses(1);
      if (put[0]) {
        stats.recordPuts(1);
      }
    } else {
      stats.recordHits(1);
    }
    CacheEngine.await(batch);
    return added[0];
  }

  /** Removes the entry of {@code key}; returns the stored form of the removed value, or null. */
  Object remove(K key, StatisticsRecorder stats) {
    EventBatch batch = engine.newBatch();
    Object[] removed = new Object[1];
    engine.store.compute(key, (k, current) -> {
      long now = engine.time.nanos();
      engine.flights.supersede(key);
      engine.delete(key);
      StoredEntry live = engine.live(key, current, now, batch);
      if (live != null) {
        removed[0] = live.value();
        engine.publishRemoval(EventType.REMOVED, key, live, batch);
      }
      return null;
    });
    if (removed[0] != null) {
      stats.recordRemovals(1);
    }
    CacheEngine.await(batch);
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
    EventBatch batch = engine.newBatch();
    int[] outcome = new int[1]; // 0 absent, 1 present but different, 2 removed
    engine.store.compute(key, (k, current) -> {
      long now = engine.time.nanos();
      StoredEntry live = engine.live(key, current, now, batch);
      if (live == null) {
        return null;
      }
      if (!engine.storage.holds(live.value(), expected)) {
        outcome[0] = 1;
        return engine.accessed(live);
      }
      engine.flights.supersede(key);
      engine.delete(key);
      engine.publishRemoval(EventType.REMOVED, key, live, batch);
      outcome[0] = 2;
      return null;
    });
    countConditional(outcome[0], stats);
    if (outcome[0] == 2) {
      stats.recordRemovals(1);
    }
    CacheEngine.await(batch);
    return outcome[0] == 2;
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
    Object stored = engine.storage.store(value);
    EventBatch batch = engine.newBatch();
    int[] outcome = new int[1]; // 0 absent, 1 present but different, 2 replaced
    engine.store.compute(key, (k, current) -> {
      long now = engine.time.nanos();
      StoredEntry live = engine.live(key, current, now, batch);
      if (live == null) {
        return null;
      }
      if (!engine.storage.holds(live.value(), expected)) {
        outcome[0] = 1;
        return engine.accessed(live);
      }
      engine.flights.supersede(key);
      engine.write(key, value);
      outcome[0] = 2;
      return engine.update(key, value, stored, live, now, batch);
    });
    countConditional(outcome[0], stats);
    if (outcome[0] == 2) {
      stats.recordPuts(1);
    }
    CacheEngine.await(batch);
    return outcome[0] == 2;
  }

  /** Replaces a live value; returns the stored form of the value replaced, or null. */
  Object replace(K key, V value, StatisticsRecorder stats) {
    Object stored = engine.storage.store(value);
    EventBatch batch = engine.newBatch();
    Object[] old = new Object[1];
    engine.store.compute(key, (k, current) -> {
      long now = engine.time.nanos();
      StoredEntry live = engine.live(key, current, now, batch);
      if (live == null) {
        return null;
      }
      engine.flights.supersede(key);
      engine.write(key, value);
      old[0] = live.value();
      return engine.update(key, value, stored, live, now, batch);
    });
    if (old[0] == null) {
      stats.recordMisses(1);
    } else {
      stats.recordHits(1);
      stats.recordPuts(1);
    }
    CacheEngine.await(batch);
    return old[0];
  }

  private static void countConditional(int outcome, StatisticsRecorder stats) {
    if (outcome == 0) {
      stats.recordMisses(1);
    } else {
      stats.recordHits(1);
    }
  }
}
