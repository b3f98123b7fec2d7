package io.peanutcache.engine;

import io.peanutcache.management.StatisticsRecorder;
import io.peanutcache.store.StoredEntry;
import java.util.Iterator;
import java.util.Map;
import java.util.function.Consumer;
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

  private final Iterator<Map.Entry<Object, StoredEntry>> entries;
  private final EntryReads<K, V> entryReads;
  private final EntryLifecycle<K, V> lifecycle;
  private final ValueStorage storage;
  private final Consumer<K> remove;
  private final StatisticsRecorder stats;
  private final boolean reads;

  /**
   * @param entries the store's entries
   * @param remove removes a key from the cache, as {@code Cache.remove(key)} does
   * @param stats where each entry read is counted
   * @param reads whether each entry returned is a read (counted, access expiry applied), or only
   *     listed
   */
  EntryIterator(Iterator<Map.Entry<Object, StoredEntry>> entries, EntryReads<K, V> entryReads,
      EntryLifecycle<K, V> lifecycle, ValueStorage storage, Consumer<K> remove, StatisticsRecorder stats,
      boolean reads) {
    this.entries = entries;
    this.entryReads = entryReads;
    this.lifecycle = lifecycle;
    this.storage = storage;
    this.remove = remove;
    this.stats = stats;
    this.reads = reads;
  }

  @Override
  protected void removeFromCache(K key) {
    remove.accept(key);
  }

  @Override
  @SuppressWarnings("unchecked")
  protected Cache.Entry<K, V> advance() {
    while (entries.hasNext()) {
      Map.Entry<Object, StoredEntry> candidate = entries.next();
      StoredEntry entry = candidate.getValue();
      if (!lifecycle.isLive(entry)) {
        continue;
      }
      K key = (K) candidate.getKey();
      if (reads) {
        entryReads.touch(key, entry);
        stats.recordHits(1);
      }
      return new PeanutCacheEntry<>((K) storage.copy(key), (V) storage.read(entry.value()));
    }
    return null;
  }
}
