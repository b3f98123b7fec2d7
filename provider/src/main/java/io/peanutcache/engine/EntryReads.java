package io.peanutcache.engine;

import io.peanutcache.codec.ValueCodec;
import io.peanutcache.event.EventBatch;
import io.peanutcache.management.StatisticsRecorder;
import io.peanutcache.store.LocalStore;
import io.peanutcache.store.StoredEntry;
import javax.cache.event.EventType;

/**
 * Reads of single entries outside their key's lock: a live entry read applies the access expiry,
 * and an expired one found is removed and reported as expired.
 *
 * @param <K> the type of keys
 * @param <V> the type of values
 */
final class EntryReads<K, V> {

  private final LocalStore store;
  private final ValueStorage storage;
  private final EntryLifecycle<K, V> lifecycle;

  /** Whether entries may expire: when not, a found entry is live and has only its value to give. */
  private final boolean mayExpire;

  /** Whether a read must consult the expiry policy for the entry's new expiry time. */
  private final boolean touchOnRead;

  EntryReads(LocalStore store, ValueStorage storage, EntryLifecycle<K, V> lifecycle) {
    this.store = store;
    this.storage = storage;
    this.lifecycle = lifecycle;
    this.mayExpire = lifecycle.mayExpire();
    this.touchOnRead = !lifecycle.readsLeaveExpiry();
  }

  /**
   * The value of {@code key}'s live entry, counted as a hit, or null, counted as a miss; loads
   * nothing. A hit does only what the cache's configuration needs: no clock read when entries
   * cannot expire, no call to the expiry policy when reads cannot change an expiry time.
   */
  @SuppressWarnings("unchecked")
  V lookup(K key, StatisticsRecorder stats) {
    if (!mayExpire) {
      // the eternal policy: nothing to check, nothing to move, nothing to report
      Object stored = store.getValue(key);
      if (stored == null) {
        stats.recordMisses(1);
        return null;
      }
      stats.recordHits(1);
      return (V) storage.read(stored);
    }
    StoredEntry entry = store.get(key);
    if (entry != null && lifecycle.isLive(entry)) {
      if (touchOnRead) {
        touch(key, entry);
      }
      stats.recordHits(1);
      return (V) storage.read(entry.value());
    }
    if (entry != null) {
      expire(key, entry);
    }
    stats.recordMisses(1);
    return null;
  }

  /**
   * The value of {@code key} if reading it runs no code of the application's: only for caches
   * whose entries never expire and that have no listeners, and only for a hit, counted as one.
   * Null when the full read must run; nothing is counted then.
   */
  @SuppressWarnings("unchecked")
  V hitWithoutBlocking(K key, StatisticsRecorder stats) {
    Object stored = storedHitWithoutBlocking(key, stats);
    return stored == null ? null : (V) storage.read(stored);
  }

  /**
   * The encoding of {@code key}'s value, under the conditions of {@link #hitWithoutBlocking} and
   * counted as a hit as it is: for store-by-value the stored encoding itself, without a copy
   * (shared with the store, so never to be changed); for store-by-reference the value encoded by
   * {@code codec}. Null when the full read must run; nothing is counted then.
   */
  byte[] encodedHitWithoutBlocking(K key, StatisticsRecorder stats, ValueCodec codec) {
    Object stored = storedHitWithoutBlocking(key, stats);
    if (stored == null) {
      return null;
    }
    byte[] encoding = storage.encoding(stored);
    return encoding != null ? encoding : codec.encode(stored);
  }

  /** The stored form of a hit that runs no application code, counted; null otherwise. */
  private Object storedHitWithoutBlocking(K key, StatisticsRecorder stats) {
    if (!lifecycle.readsRunNoApplicationCode()) {
      return null;
    }
    Object stored = store.getValue(key);
    if (stored != null) {
      stats.recordHits(1);
    }
    return stored;
  }

  /**
   * The nanoseconds the live entry of {@code key} has left: {@link Long#MAX_VALUE} if it never
   * expires, 0 if there is none.
   */
  long expiresInNanos(K key) {
    if (!mayExpire) {
      return Long.MAX_VALUE;
    }
    StoredEntry entry = store.get(key);
    if (entry == null) {
      return 0;
    }
    if (entry.expiresAt() == StoredEntry.NEVER) {
      return Long.MAX_VALUE;
    }
    return Math.max(0, entry.expiresAt() - lifecycle.now());
  }

  /** The live value of {@code key} with its entry's version; null and null without a live entry. */
  @SuppressWarnings("unchecked")
  VersionedValue<V> readVersioned(K key) {
    StoredEntry entry = store.get(key);
    if (entry == null || !lifecycle.isLive(entry)) {
      return new VersionedValue<>(null, null);
    }
    return new VersionedValue<>((V) storage.read(entry.value()), entry.value());
  }

  /** Whether {@code key} has a live entry; consults neither the loader nor the expiry policy. */
  boolean containsKey(K key) {
    if (!mayExpire) {
      return store.getValue(key) != null;
    }
    StoredEntry entry = store.get(key);
    return entry != null && lifecycle.isLive(entry);
  }

  /** Applies the access expiry to the live entry of {@code key}, if it has one. */
  void touch(K key) {
    StoredEntry entry = store.get(key);
    if (entry != null && lifecycle.isLive(entry)) {
      touch(key, entry);
    }
  }

  /** Applies the access expiry to a live entry that was read, unless it changed meanwhile. */
  void touch(Object key, StoredEntry entry) {
    StoredEntry accessed = lifecycle.accessed(entry);
    if (accessed != entry) {
      store.compute(key, (k, current) -> entry.isSameEntry(current) ? accessed : current);
    }
  }

  /** Removes {@code entry} if it is still the entry of {@code key}, reporting it as expired. */
  void expire(K key, StoredEntry entry) {
    EventBatch batch = lifecycle.newBatch();
    store.compute(key, (k, current) -> {
      if (!entry.isSameEntry(current)) {
        return current;
      }
      lifecycle.publishRemoval(EventType.EXPIRED, key, current, batch);
      return null;
    });
    EntryLifecycle.await(batch);
  }
}
