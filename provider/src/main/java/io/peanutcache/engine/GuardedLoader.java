package io.peanutcache.engine;

import java.util.Map;
import javax.cache.integration.CacheLoader;

/**
 * A cache's loader as the engine calls it: closing it waits for the loads in flight and refuses
 * loads afterwards (see {@link InFlightCalls}), then closes the loader if it is
 * {@link AutoCloseable}.
 */
final class GuardedLoader<K, V> implements CacheLoader<K, V>, AutoCloseable {

  private final CacheLoader<K, V> loader;
  private final InFlightCalls calls;

  GuardedLoader(String cacheName, CacheLoader<K, V> loader) {
    this.loader = loader;
    this.calls = new InFlightCalls(cacheName);
  }

  @Override
  public V load(K key) {
    return calls.call(() -> loader.load(key));
  }

  @Override
  public Map<K, V> loadAll(Iterable<? extends K> keys) {
    return calls.call(() -> loader.loadAll(keys));
  }

  @Override
  public void close() {
    calls.close(() -> Closing.closeQuietly(loader));
  }

  @Override
  public String toString() {
    return loader.toString();
  }
}
