package io.peanutcache.engine;

import io.peanutcache.management.StatisticsRecorder;
import io.peanutcache.store.StoredEntry;
import java.util.Iterator;
import java.util.Map;
import javax.cache.Cache;

/**
 * Iterates over the live entries of a cache, weakly consistent with concurrent changes. Each entry
 * returned counts as a read (a hit, and the access expiry applies) unless the iterator only lists
 * the entries for another node, which then reads each one as it reaches it; {@link #remove()}
 * removes the last entry returned as {@code Cache.remove(key)} would.
 *
 * @param <K> the type of keys
 * @param <V> the type of values
 */
final class EntryIterator<K, V> extends LookaheadIterator<K, V> {

  private final CacheEngine<K, V> engine;
  private final StatisticsRecorder stats;
  private final Iterator<Map.Entry<Object, StoredEntry>> entries;
  private final boolean reads;

  /**
   * @param reads whether each entry returned is a read (counted, access expiry applied), or only
   *     listed
   */
  EntryIterator(CacheEngine<K, V> engine, StatisticsRecorder stats, boolean reads) {
    this.engine = engine;
    this.stats = stats;
    this.entries = engine.store.iterator();
    this.reads = reads;
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
      if (reads) {
        engine.touch(key, entry);
        stats.recordHits(1);
      }
      return new PeanutCacheEntry<>((K) engine.storage.copy(key), (V) engine.storage.read(entry.value()));
    }
    return null;
  }
}
