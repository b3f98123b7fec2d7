package io.peanutcache.store;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Scheduler;
import java.util.AbstractMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentMap;
import java.util.function.BiFunction;

/**
 * The entries of one cache on this node, held in Caffeine.
 *
 * <p>Every change to a key is one {@link #compute} on that key: the remapping function sees the
 * current entry (expired or not) and returns the new one, or null to remove it, atomically with
 * respect to every other change of that key. Reads do not lock.
 *
 * <p>An entry's expiry time is decided by the caller and kept in the entry; Caffeine's timer wheel
 * removes the entry once that time has passed and the {@link ExpiredEntryListener} hears of it.
 * Entries removed to respect a {@link StoreBound} are not reported: eviction is not expiry.
 * Maintenance runs on the threads that use the store (and, on the system clock, on Caffeine's
 * scheduler), so expiries are reported promptly and in the same JVM thread pool as the caller.
 *
 * <p>A {@link StoreChanges} installed with {@link #observeChanges} hears of every change: this is
 * the one place every change of an entry passes through, and the only one that knows when a change
 * has become visible (after the key's compute returns).
 */
public final class LocalStore {

  private final Cache<Object, Object> cache;

  /**
   * The map's values: {@link StoredEntry} objects, or, in a {@link #bare} store, the stored values
   * themselves.
   */
  private final ConcurrentMap<Object, Object> map;

  /**
   * Whether the map holds each entry's stored value itself instead of a {@link StoredEntry}: when
   * entries never expire, the value is all there is to an entry. Saves an object per entry and a
   * hop per read.
   */
  private final boolean bare;

  private volatile StoreChanges changes;

  /**
   * Creates an empty store.
   *
   * @param bound how the store is bounded
   * @param time where expiry times are read
   * @param expiring whether entries may carry an expiry time; when false every entry must be
   *     {@link StoredEntry#NEVER} expiring, the store keeps each one's value without an entry
   *     object, and reads do not consult the clock
   * @param expiredListener told of every entry removed because it expired
   * @param evictions told of every entry evicted to respect the bound
   */
  public LocalStore(StoreBound bound, TimeSource time, boolean expiring,
      ExpiredEntryListener expiredListener, Runnable evictions) {
    this.bare = !expiring;
    Caffeine<Object, Object> builder = Caffeine.newBuilder().executor(Runnable::run);
    if (expiring) {
      builder.ticker(time::nanos).scheduler(
          time == TimeSource.SYSTEM ? Scheduler.systemScheduler() : Scheduler.disabledScheduler());
    }
    builder.evictionListener((Object key, Object held, RemovalCause cause) -> {
      if (cause == RemovalCause.EXPIRED && key != null && held != null) {
        expiredListener.expired(key, entryOf(held));
      } else if (cause == RemovalCause.SIZE) {
        evictions.run();
      }
      StoreChanges observer = changes;
      if (observer != null && key != null) {
        observer.changed(key);
      }
    });
    if (expiring) {
      builder.expireAfter(new EntryExpiry());
    }
    if (bound.maximumEntries() > 0) {
      builder.maximumSize(bound.maximumEntries());
    } else if (bound.maximumBytes() > 0) {
      EntryWeigher weigher = bound.weigher();
      builder.maximumWeight(bound.maximumBytes()).weigher((key, held) -> weigher.weigh(key, entryOf(held)));
    }
    this.cache = builder.build();
    this.map = cache.asMap();
  }

  /**
   * The entry of {@code key}, or null if there is none. An entry whose expiry time has passed may
   * still be returned until the store removes it; callers check {@link StoredEntry#isExpiredAt}.
   * Compare entries with {@link StoredEntry#isSameEntry}: a store that keeps values bare makes a
   * new entry object on each call.
   *
   * @param key the key
   * @return the entry, or null
   */
  public StoredEntry get(Object key) {
    Object held = cache.getIfPresent(key);
    return held == null ? null : entryOf(held);
  }

  /**
   * The stored value of {@code key}'s entry, or null if there is none, without making an entry
   * object; for reads of a store whose entries never expire, which need nothing else.
   *
   * @param key the key
   * @return the stored value, or null
   */
  public Object getValue(Object key) {
    Object held = cache.getIfPresent(key);
    return held == null || bare ? held : ((StoredEntry) held).value();
  }

  /**
   * Atomically replaces the entry of {@code key} with what {@code remapping} returns for it. The
   * function gets the current entry (null if none) and returns the new one, the same one to leave
   * it as it is, or null to remove it. If it throws, nothing changes and the exception propagates.
   *
   * @param key the key, used as the stored key when the entry is created
   * @param remapping computes the new entry; must not touch this store
   * @return the entry after the change, or null
   */
  public StoredEntry compute(Object key, BiFunction<Object, StoredEntry, StoredEntry> remapping) {
    StoreChanges observer = changes;
    if (observer == null && !bare) {
      @SuppressWarnings("unchecked") // the map holds nothing but StoredEntry objects when not bare
      BiFunction<Object, Object, Object> entries = (BiFunction<Object, Object, Object>) (BiFunction<?, ?, ?>) remapping;
      return (StoredEntry) map.compute(key, entries);
    }
    boolean[] written = observer == null ? null : new boolean[1];
    Object after = map.compute(key, (k, held) -> {
      StoredEntry current = held == null ? null : entryOf(held);
      StoredEntry result = remapping.apply(k, current);
      if (result == null) {
        if (written != null) {
          written[0] = held != null;
        }
        return null;
      }
      if (result.isSameEntry(current)) {
        return held;
      }
      // a new entry, even over the value instance held before (a store-by-reference write of it)
      if (written != null) {
        written[0] = true;
      }
      return heldFormOf(result);
    });
    if (written != null && written[0]) {
      observer.changed(key);
    }
    return after == null ? null : entryOf(after);
  }

  /** The entry a value of the map stands for. */
  private StoredEntry entryOf(Object held) {
    return bare ? new StoredEntry.Bare(held) : (StoredEntry) held;
  }

  /** What the map keeps for {@code entry}. */
  private Object heldFormOf(StoredEntry entry) {
    if (!bare) {
      return entry;
    }
    if (entry.expiresAt() != StoredEntry.NEVER) {
      throw new IllegalStateException("an entry that expires cannot be kept in a store whose entries never"
          + " expire");
    }
    return entry.value();
  }

  /**
   * Tells {@code observer} of every change from now on: after each compute that replaced or
   * removed an entry (a function returning the entry it got changes nothing), after every expiry
   * or eviction, and after {@link #clear}. Install it before the store is used: changes made while
   * it is installed may go unobserved.
   *
   * @param observer hears of the changes; null to stop
   */
  public void observeChanges(StoreChanges observer) {
    this.changes = observer;
  }


  /**
   * A weakly consistent iterator over the entries, including expired ones not yet removed.
   *
   * @return the iterator
   */
  public Iterator<Map.Entry<Object, StoredEntry>> iterator() {
    Iterator<Map.Entry<Object, Object>> held = map.entrySet().iterator();
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return held.hasNext();
      }

      @Override
      public Map.Entry<Object, StoredEntry> next() {
        Map.Entry<Object, Object> next = held.next();
        return new AbstractMap.SimpleImmutableEntry<>(next.getKey(), entryOf(next.getValue()));
      }
    };
  }

  /** Removes every entry without reporting any. */
  public void clear() {
    cache.invalidateAll();
    StoreChanges observer = changes;
    if (observer != null) {
      observer.cleared();
    }
  }

  /**
   * The number of entries, including expired ones not yet removed.
   *
   * @return an estimate of the number of entries
   */
  public long size() {
    return cache.estimatedSize();
  }

  /** Performs pending maintenance now: removes expired entries and applies the bound. */
  public void cleanUp() {
    cache.cleanUp();
  }


  /** Tells Caffeine to remove each entry at the expiry time it carries. */
  private static final class EntryExpiry implements Expiry<Object, Object> {

    @Override
    public long expireAfterCreate(Object key, Object entry, long now) {
      return remaining((StoredEntry) entry, now);
    }

    @Override
    public long expireAfterUpdate(Object key, Object entry, long now, long currentDuration) {
      return remaining((StoredEntry) entry, now);
    }

    @Override
    public long expireAfterRead(Object key, Object entry, long now, long currentDuration) {
      return currentDuration;
    }

    private static long remaining(StoredEntry entry, long now) {
      if (entry.expiresAt() == StoredEntry.NEVER) {
        return Long.MAX_VALUE;
      }
      return Math.max(0, entry.expiresAt() - now);
    }
  }
}
