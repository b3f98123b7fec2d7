package io.peanutcache.engine;

import io.peanutcache.management.StatisticsRecorder;
import io.peanutcache.store.StoredEntry;
import java.util.Iterator;
import java.util.Map;
import javax.cache.Cache;

/**
 * Iterates over the live entries of a cache, weakly consistent with concurrent changes. Each entry
 * returned counts as a read (a hit, and the access expiry applies); {@link #remove()} removes the
 * last entry returned as {@code Cache.remove(key)} would.
 *
 * @param <K> the type of keys
 * @param <V> the type of values
 */
final class EntryIterator<K, V> extends LookaheadIterator<K, V> {

  private final CacheEngine<K, V> engine;
  private final StatisticsRecorder stats;
  private final Iterator<Map.Entry<Object, StoredEntry>> entries;

  EntryIterator(CacheEngine<K, V> engine, StatisticsRecorder stats) {
    this.engine = engine;
    this.stats = stats;
    this.entries = engine.store.iterator();
  }

  @Override
  protected void removeFromCache(K key) {
    engine.remove(key, stats);
  }

  @Override
  @SuppressWarnings("unchecked")
  protected Cache.Entry<K, V> advance() {
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
