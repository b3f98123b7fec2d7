package io.peanutcache.engine;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import javax.cache.Cache;
import javax.cache.integration.CacheWriter;
import javax.cache.integration.CacheWriterException;

/**
 * A cache's writer as its writes call it: nothing when write-through is off, and what the writer
 * throws as a {@link CacheWriterException} naming the cache.
 *
 * @param <K> the type of keys
 * @param <V> the type of values
 */
final class WriteThrough<K, V> {

  private final String cacheName;
  /** The writer, or null when write-through is off. */
  private final GuardedWriter<K, V> writer;

  /**
   * @param writer the cache's writer, or null when write-through is off
   */
  WriteThrough(String cacheName, GuardedWriter<K, V> writer) {
    this.cacheName = cacheName;
    this.writer = writer;
  }

  /** Writes an entry through, if write-through is on. */
  void write(K key, V value) {
    if (writer == null) {
      return;
    }
    try {
      writer.write(new PeanutCacheEntry<>(key, value));
    } catch (CacheWriterException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new CacheWriterException("the CacheWriter of cache " + cacheName + " failed to write key "
          + key + ": " + e, e);
    }
  }

  /** Deletes a key through, if write-through is on. */
  void delete(K key) {
    if (writer == null) {
      return;
    }
    try {
      writer.delete(key);
    } catch (CacheWriterException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new CacheWriterException("the CacheWriter of cache " + cacheName + " failed to delete key "
          + key + ": " + e, e);
    }
  }

  /**
   * Writes {@code entries} through with one {@code writeAll}, if write-through is on, and takes the
   * keys the writer left unwritten out of {@code toApply}.
   *
   * @return the writer's failure, to throw once the written entries are applied; null if none
   */
  RuntimeException writeAll(Map<? extends K, ? extends V> entries, Set<K> toApply) {
    if (writer == null) {
      return null;
    }
    Collection<Cache.Entry<? extends K, ? extends V>> unwritten = new ArrayList<>();
    for (Map.Entry<? extends K, ? extends V> entry : entries.entrySet()) {
      unwritten.add(new PeanutCacheEntry<>(entry.getKey(), entry.getValue()));
    }
    RuntimeException failure = null;
    try {
      writer.writeAll(unwritten);
      unwritten.clear();
    } catch (RuntimeException e) {
      failure = e instanceof CacheWriterException ? e : new CacheWriterException(
          "the CacheWriter of cache " + cacheName + " failed to write all entries: " + e, e);
    }
    for (Cache.Entry<? extends K, ? extends V> failed : unwritten) {
      toApply.remove(failed.getKey());
    }
    return failure;
  }

  /**
   * Deletes {@code keys} through with one {@code deleteAll}, if write-through is on, and takes the
   * keys the writer left undeleted out of {@code toRemove}.
   *
   * @return the writer's failure, to throw once the deleted keys are removed; null if none
   */
  RuntimeException deleteAll(Set<? extends K> keys, Set<K> toRemove) {
    if (writer == null) {
      return null;
    }
    Collection<K> undeleted = new ArrayList<>(keys);
    RuntimeException failure = null;
    try {
      writer.deleteAll(undeleted);
      undeleted.clear();
    } catch (RuntimeException e) {
      failure = e instanceof CacheWriterException ? e : new CacheWriterException(
          "the CacheWriter of cache " + cacheName + " failed to delete all keys: " + e, e);
    }
    toRemove.removeAll(undeleted);
    return failure;
  }

  /** Closes the writer once the writes in flight end; later writes are refused. */
  void close() {
    Closing.closeQuietly(writer);
  }
}
