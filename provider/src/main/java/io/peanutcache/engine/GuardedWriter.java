package io.peanutcache.engine;

import java.util.Collection;
import javax.cache.Cache;
import javax.cache.integration.CacheWriter;

/**
 * A cache's writer as the engine calls it: closing it waits for the writes in flight and refuses
 * writes afterwards (see {@link InFlightCalls}), then closes the writer if it is
 * {@link AutoCloseable}.
 */
final class GuardedWriter<K, V> implements CacheWriter<K, V>, AutoCloseable {

  private final CacheWriter<K, V> writer;
  private final InFlightCalls calls;

  GuardedWriter(String cacheName, CacheWriter<K, V> writer) {
    this.writer = writer;
    this.calls = new InFlightCalls(cacheName);
  }

  @Override
  public void write(Cache.Entry<? extends K, ? extends V> entry) {
    calls.call(() -> {
      writer.write(entry);
      return null;
    });
  }

  @Override
  public void writeAll(Collection<Cache.Entry<? extends K, ? extends V>> entries) {
    calls.call(() -> {
      writer.writeAll(entries);
      return null;
    });
  }

  @Override
  public void delete(Object key) {
    calls.call(() -> {
      writer.delete(key);
      return null;
    });
  }

  @Override
  public void deleteAll(Collection<?> keys) {
    calls.call(() -> {
      writer.deleteAll(keys);
      return null;
    });
  }

  @Override
  public void close() {
    calls.close(() -> Closing.closeQuietly(writer));
  }

  @Override
  public String toString() {
    return writer.toString();
  }
}
