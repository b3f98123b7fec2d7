package io.peanutcache.engine;

import java.util.Iterator;
import java.util.NoSuchElementException;
import javax.cache.Cache;

/**
 * An iterator over cache entries that finds each next entry ahead of {@link #next()} and removes
 * the last one returned through the cache, as {@code Cache.remove(key)} would.
 *
 * @param <K> the type of keys
 * @param <V> the type of values
 */
public abstract class LookaheadIterator<K, V> implements Iterator<Cache.Entry<K, V>> {

  private Cache.Entry<K, V> next;
  private Cache.Entry<K, V> last;

  /**
   * The next entry, or null when there is none.
   *
   * @return the entry
   */
  protected abstract Cache.Entry<K, V> advance();

  /**
   * Removes the entry of {@code key} from the cache.
   *
   * @param key the key of the entry last returned
   */
  protected abstract void removeFromCache(K key);

  @Override
  public final boolean hasNext() {
    if (next == null) {
      next = advance();
    }
    return next != null;
  }

  @Override
  public final Cache.Entry<K, V> next() {
    if (!hasNext()) {
      throw new NoSuchElementException("the cache has no more entries");
    }
    last = next;
    next = null;
    return last;
  }

  @Override
  public final void remove() {
    if (last == null) {
      throw new IllegalStateException("call next() before remove(), and remove() once per entry");
    }
    removeFromCache(last.getKey());
    last = null;
  }
}
