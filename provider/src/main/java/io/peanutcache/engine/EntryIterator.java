package io.peanutcache.engine;

import io.peanutcache.management.StatisticsRecorder;
import io.peanutcache.store.StoredEntry;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import javax.cache.Cache;

/**
 * Iterates over the live entries of a cache, weakly consistent with concurrent changes. Each entry
 * returned counts as a read (a hit, and the access expiry applies); {@link #remove()} removes the
 * last entry returned as {@code Cache.remove(key)} would.
 *
 * @param <K> the type of keys
 * @param <V> the type of values
 */
final class EntryIterator<K, V> implements Iterator<Cache.Entry<K, V>> {

  private final CacheEngine<K, V> engine;
  private final StatisticsRecorder stats;
  private final Iterator<Map.Entry<Object, StoredEntry>> entries;
  private Cache.Entry<K, V> next;
  private Cache.Entry<K, V> last;

  EntryIterator(CacheEngine<K, V> engine, StatisticsRecorder stats) {
    this.engine = engine;
    this.stats = stats;
    this.entries = engine.store.iterator();
  }

  @Override
  public boolean hasNext() {
    if (next == null) {
      next = advance();
    }
    return next != null;
  }

  @Override
  public Cache.Entry<K, V> next() {
    if (!hasNext()) {
      throw new NoSuchElementException("the cache has no more entries");
    }
    last = next;
    next = null;
    return last;
  }

  @Override
  public void remove() {
    if (last == null) {
      throw new IllegalStateException("call next() before remove(), and remove() once per entry");
    }
    engine.remove(last.getKey(), stats);
    last = null;
  }

  @SuppressWarnings("unchecked")
  private Cache.Entry<K, V> advance() {
    while (entries.hasNext()) {
      Map.Entry<Object, StoredEntry> candidate = entries.next();
      StoredEntry entry = candidate.getValue();
      if (!engine.isLive(entry)) {
        continue;
      }
      K key = (K) candidate.getKey();
      engine.touch(key, entry);
      stats.recordHits(1);
      return new PeanutCacheEntry<>((K) engine.storage.copy(key), (V) engine.storage.read(entry.value()));
    }
    return null;
  }
}
