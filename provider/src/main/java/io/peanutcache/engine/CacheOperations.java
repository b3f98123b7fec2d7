package io.peanutcache.engine;

import io.peanutcache.management.StatisticsRecorder;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import javax.cache.Cache;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.EntryProcessorResult;

/**
 * Every JCache operation of one cache, as the JSR-107 surface hands it on after checking the
 * arguments: run here on this node's store ({@link CacheEngine}), or routed to each key's owner
 * node. Counts go to the {@link StatisticsRecorder} of the handle the operation came through.
 * What a handle tells of the cluster (a key's owner, cluster-wide statistics) is in
 * {@link ClusterOperations}.
 *
 * @param <K> the type of keys
 * @param <V> the type of values
 */
public interface CacheOperations<K, V> {

  /**
   * The value of {@code key}, loading it through the loader on a miss when read-through is on.
   *
   * @param key the key
   * @param stats where the hit or miss is counted
   * @return the value, or null
   */
  V get(K key, StatisticsRecorder stats);

  /**
   * The value of {@code key}, as {@link #get} gives it, without blocking the caller while it is
   * fetched from the key's owner or loaded: a hit that runs no application code completes at once,
   * and whatever may block (a load, a wait for a connection) runs on {@code executor}.
   *
   * @param key the key
   * @param stats where the hit or miss is counted
   * @param executor runs the work that may block
   * @return the value, or null, when it is there; or the failure {@link #get} would throw
   */
  CompletableFuture<V> getAsync(K key, StatisticsRecorder stats, Executor executor);

  /**
   * Whether {@code key} has a live entry; consults neither the loader nor the expiry policy.
   *
   * @param key the key
   * @return true if the key is mapped to a value that has not expired
   */
  boolean containsKey(K key);

  /**
   * Stores {@code value} under {@code key}, writing it through first.
   *
   * @param key the key
   * @param value the value
   * @param stats where the put is counted
   */
  void put(K key, V value, StatisticsRecorder stats);

  /**
   * Stores {@code value} under {@code key} and returns the value it replaced.
   *
   * @param key the key
   * @param value the value
   * @param stats where the put and the hit or miss are counted
   * @return the previous value, or null
   */
  V getAndPut(K key, V value, StatisticsRecorder stats);

  /**
   * Stores {@code value} under {@code key} if the key has no live entry.
   *
   * @param key the key
   * @param value the value
   * @param stats where the put and the hit or miss are counted
   * @return true if the value was stored
   */
  boolean putIfAbsent(K key, V value, StatisticsRecorder stats);

  /**
   * Removes the entry of {@code key}, deleting it through the writer first.
   *
   * @param key the key
   * @param stats where the removal is counted
   * @return true if a live entry was removed
   */
  boolean remove(K key, StatisticsRecorder stats);

  /**
   * Removes the entry of {@code key} and returns its value.
   *
   * @param key the key
   * @param stats where the removal and the hit or miss are counted
   * @return the removed value, or null
   */
  V getAndRemove(K key, StatisticsRecorder stats);

  /**
   * Removes the entry of {@code key} if its value equals {@code expected}.
   *
   * @param key the key
   * @param expected the value the entry must have
   * @param stats where the removal and the hit or miss are counted
   * @return true if the entry was removed
   */
  boolean remove(K key, V expected, StatisticsRecorder stats);

  /**
   * Replaces the value of {@code key} if it equals {@code expected}.
   *
   * @param key the key
   * @param expected the value the entry must have
   * @param value the new value
   * @param stats where the put and the hit or miss are counted
   * @return true if the value was replaced
   */
  boolean replace(K key, V expected, V value, StatisticsRecorder stats);

  /**
   * Replaces the value of {@code key} if it has a live entry.
   *
   * @param key the key
   * @param value the new value
   * @param stats where the put and the hit or miss are counted
   * @return true if the value was replaced
   */
  boolean replace(K key, V value, StatisticsRecorder stats);

  /**
   * Replaces the value of {@code key} if it has a live entry and returns the value it replaced.
   *
   * @param key the key
   * @param value the new value
   * @param stats where the put and the hit or miss are counted
   * @return the previous value, or null if nothing was replaced
   */
  V getAndReplace(K key, V value, StatisticsRecorder stats);

  /**
   * The values of {@code keys} that have one; with read-through, the missing ones are loaded with
   * one call to the loader's {@code loadAll}.
   *
   * @param keys the keys
   * @param stats where hits and misses are counted
   * @return the values found or loaded, by key
   */
  Map<K, V> getAll(Set<? extends K> keys, StatisticsRecorder stats);

  /**
   * Stores every entry of {@code entries}, written through with one {@code writeAll}.
   *
   * @param entries the entries
   * @param stats where the puts are counted
   */
  void putAll(Map<? extends K, ? extends V> entries, StatisticsRecorder stats);

  /**
   * Removes the entries of {@code keys}, deleted through with one {@code deleteAll}.
   *
   * @param keys the keys
   * @param stats where the removals are counted
   */
  void removeAll(Set<? extends K> keys, StatisticsRecorder stats);

  /**
   * Removes every live entry, deleted through with one {@code deleteAll}.
   *
   * @param stats where the removals are counted
   */
  void removeAll(StatisticsRecorder stats);

  /**
   * Loads {@code keys} through the loader, whether read-through is on or not.
   *
   * @param keys the keys
   * @param replaceExisting whether loaded values replace live entries
   */
  void loadAll(Set<? extends K> keys, boolean replaceExisting);

  /**
   * Runs {@code processor} on the entry of {@code key}, atomically.
   *
   * @param key the key
   * @param processor the processor
   * @param arguments its arguments
   * @param stats where the operation is counted
   * @param <T> the type of the processor's result
   * @return the processor's result
   */
  <T> T invoke(K key, EntryProcessor<K, V, T> processor,
      Object[] arguments, StatisticsRecorder stats);

  /**
   * Runs {@code processor} on the entry of each key.
   *
   * @param keys the keys
   * @param processor the processor
   * @param arguments its arguments
   * @param stats where the operations are counted
   * @param <T> the type of the processor's results
   * @return the non-null results and the failures, by key
   */
  <T> Map<K, EntryProcessorResult<T>> invokeAll(
      Set<? extends K> keys, EntryProcessor<K, V, T> processor,
      Object[] arguments, StatisticsRecorder stats);

  /**
   * An iterator over the live entries.
   *
   * @param stats where each entry read is counted
   * @return the iterator
   */
  Iterator<Cache.Entry<K, V>> iterator(StatisticsRecorder stats);

  /** Removes every entry without writing through, without events and without counting. */
  void clear();

  /**
   * Builds the listener of {@code configuration} on this node and makes every node that owns keys
   * of the cache send it their events.
   *
   * @param configuration the listener's configuration
   * @throws IllegalArgumentException if a listener with an equal configuration is registered here
   */
  void registerListener(CacheEntryListenerConfiguration<K, V> configuration);

  /**
   * Stops the events of every node to the listener of {@code configuration} and closes it.
   *
   * @param configuration the listener's configuration
   * @return whether a listener was registered here with it
   */
  boolean deregisterListener(CacheEntryListenerConfiguration<K, V> configuration);

  /** Closes what was built from the cache's configuration on this node and drops its entries. */
  void close();
}
