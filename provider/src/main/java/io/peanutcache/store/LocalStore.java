package io.peanutcache.store;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Scheduler;
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

  private final Cache<Object, StoredEntry> cache;
  private final ConcurrentMap<Object, StoredEntry> map;
  private volatile StoreChanges changes;

  /**
   * Creates an empty store.
   *
   * @param bound how the store is bounded
   * @param time where expiry times are read
   * @param expiring whether entries may carry an expiry time; when false every entry must be
   *     {@link StoredEntry#NEVER} expiring and reads do not consult the clock
   * @param expiredListener told of every entry removed because it expired
   * @param evictions told of every entry evicted to respect the bound
   */
  public LocalStore(StoreBound bound, TimeSource time, boolean expiring,
      ExpiredEntryListener expiredListener, Runnable evictions) {
    Caffeine<Object, Object> builder = Caffeine.newBuilder().executor(Runnable::run);
    if (expiring) {
      builder.ticker(time::nanos).scheduler(
          time == TimeSource.SYSTEM ? Scheduler.systemScheduler() : Scheduler.disabledScheduler());
    }
    Caffeine<Object, StoredEntry> typed = builder
        .evictionListener((Object key, StoredEntry entry, RemovalCause cause) -> {
          if (cause == RemovalCause.EXPIRED && key != null && entry != null) {
            expiredListener.expired(key, entry);
          } else if (cause == RemovalCause.SIZE) {
            evictions.run();
          }
          StoreChanges observer = changes;
          if (observer != null && key != null) {
            observer.changed(key);
          }
        });
    if (expiring) {
      typed.expireAfter(new EntryExpiry());
    }
    if (bound.maximumEntries() > 0) {
      typed.maximumSize(bound.maximumEntries());
    } else if (bound.maximumBytes() > 0) {
      EntryWeigher weigher = bound.weigher();
      typed.maximumWeight(bound.maximumBytes()).weigher(weigher::weigh);
    }
    this.cache = typed.build();
    this.map = cache.asMap();
  }

  /**
   * The entry of {@code key}, or null if there is none. An entry whose expiry time has passed may
   * still be returned until the store removes it; callers check {@link StoredEntry#isExpiredAt}.
   *
   * @param key the key
   * @return the entry, or null
   */
  public StoredEntry get(Object key) {
    return cache.getIfPresent(key);
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
    if (observer == null) {
      return map.compute(key, remapping);
    }
    StoredEntry[] before = new StoredEntry[1];
    StoredEntry after = map.compute(key, (k, current) -> {
      before[0] = current;
      return remapping.apply(k, current);
    });
    if (after != before[0]) {
      observer.changed(key);
    }
    return after;
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
    return map.entrySet().iterator();
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
  private static final class EntryExpiry implements Expiry<Object, StoredEntry> {

    @Override
    public long expireAfterCreate(Object key, StoredEntry entry, long now) {
      return remaining(entry, now);
    }

    @Override
    public long expireAfterUpdate(Object key, StoredEntry entry, long now, long currentDuration) {
      return remaining(entry, now);
    }

    @Override
    public long expireAfterRead(Object key, StoredEntry entry, long now, long currentDuration) {
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
