package io.peanutcache.jcache;

import static io.peanutcache.jcache.TypeCheck.requireKey;
import static io.peanutcache.jcache.TypeCheck.requireKeys;

import io.peanutcache.PeanutConfiguration;
import io.peanutcache.engine.CacheEngine;
import io.peanutcache.engine.CacheOperations;
import io.peanutcache.engine.ClusterOperations;
import io.peanutcache.host.CacheRuntime;
import io.peanutcache.management.CacheConfigurationBean;
import io.peanutcache.management.CacheStatistics;
import io.peanutcache.management.ClusterStatistics;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.configuration.Configuration;
import javax.cache.integration.CompletionListener;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.EntryProcessorResult;

/**
 * A PeanutCache {@link Cache}: the handle an application uses. It checks that the cache is open,
 * checks arguments (nulls, and types when the configuration names them), times and counts the
 * operation in this handle's statistics, and hands it on ({@link CacheOperations}): to this node's
 * engine, or to the key's owner node. What it tells of the cluster comes from
 * {@link ClusterOperations}.
 *
 * <p>Thread-safe. Closing the cache closes the loader, writer, expiry policy and listeners built
 * from its configuration and removes its MXBeans.
 *
 * @param <K> the type of keys
 * @param <V> the type of values
 */
public final class PeanutCache<K, V> implements Cache<K, V> {

  private final String name;
  private final PeanutCacheManager manager;
  private final PeanutConfiguration<K, V> configuration;
  private final CacheOperations<K, V> operations;
  private final ClusterOperations<K> cluster;
  /** This node's engine of the cache, for {@link #engine()}: the operations' own in an embedded cache. */
  private final CacheEngine<K, V> engine;
  private final CacheStatistics stats;
  private final HandleListeners<K, V> listeners;
  private final CacheMXBeans mxBeans;
  private final Executor executor;
  private final TypeCheck<K, V> types;
  private final PendingLoads pendingLoads = new PendingLoads();
  private volatile boolean closed;

  /**
   * @param stats this handle's statistics, already counted in the cluster's by {@code runtime}
   * @param runtime what the handle runs on
   * @param executor runs {@code loadAll} and the waits of {@code getAsync}
   */
  PeanutCache(String name, PeanutCacheManager manager, PeanutConfiguration<K, V> configuration,
      CacheStatistics stats, CacheRuntime<K, V> runtime, Executor executor) {
    this.name = name;
    this.manager = manager;
    this.configuration = configuration;
    this.stats = stats;
    this.operations = runtime.operations();
    this.cluster = runtime.cluster();
    this.engine = runtime.engine();
    this.executor = executor;
    this.types = new TypeCheck<>(name, configuration.getKeyType(), configuration.getValueType());
    this.listeners = new HandleListeners<>(configuration, operations);
    this.mxBeans = new CacheMXBeans(manager.getURI(), name, configuration, stats, new CacheConfigurationBean(this));
    runtime.events().setSource(this);
    engine.onEviction(() -> stats.recordEvictions(1));
    listeners.registerConfigured();
    setStatisticsEnabled(configuration.isStatisticsEnabled());
    setManagementEnabled(configuration.isManagementEnabled());
  }

  @Override
  public V get(K key) {
    checkOpen();
    requireKey(key);
    if (!stats.isEnabled()) {
      return operations.get(key, stats);
    }
    long start = System.nanoTime();
    V value = operations.get(key, stats);
    stats.recordGetTime(System.nanoTime() - start);
    return value;
  }

  /**
   * The value of {@code key}, as {@link #get} returns it, without blocking the calling thread:
   * a hit on this node (or on its hot copy) completes the result at once; a get from the key's
   * owner occupies no thread while it waits for the reply; a load, on this node or when the owner
   * cannot be reached, runs on the CacheManager's threads. Counted in the statistics as a get.
   *
   * @param key the key
   * @return the value, or null if there is none; completed exceptionally with the exception
   *     {@link #get} would throw (a {@code CacheLoaderException}, a {@code CacheException} naming
   *     an unreachable peer, ...)
   * @throws NullPointerException if {@code key} is null
   * @throws IllegalStateException if the cache is closed
   * @throws ClassCastException if {@code key} is not of the cache's key type
   */
  public CompletableFuture<V> getAsync(K key) {
    checkOpen();
    requireKey(key);
    if (!stats.isEnabled()) {
      return operations.getAsync(key, stats, executor);
    }
    long start = System.nanoTime();
    return operations.getAsync(key, stats, executor)
        .whenComplete((value, failure) -> stats.recordGetTime(System.nanoTime() - start));
  }

  @Override
  public Map<K, V> getAll(Set<? extends K> keys) {
    checkOpen();
    requireKeys(keys);
    long start = System.nanoTime();
    Map<K, V> values = operations.getAll(keys, stats);
    stats.recordGetTime(System.nanoTime() - start);
    return values;
  }

  @Override
  public boolean containsKey(K key) {
    checkOpen();
    requireKey(key);
    return operations.containsKey(key);
  }

  @Override
  public void loadAll(Set<? extends K> keys, boolean replaceExistingValues,
      CompletionListener completionListener) {
    checkOpen();
    requireKeys(keys);
    pendingLoads.run(executor, name, () -> !closed, () -> operations.loadAll(keys, replaceExistingValues),
        completionListener);
  }

  @Override
  public void put(K key, V value) {
    checkOpen();
    types.checkEntry(key, value);
    long start = System.nanoTime();
    operations.put(key, value, stats);
    stats.recordPutTime(System.nanoTime() - start);
  }

  @Override
  public V getAndPut(K key, V value) {
    checkOpen();
    types.checkEntry(key, value);
    return timedAsGetAndPut(() -> operations.getAndPut(key, value, stats));
  }

  @Override
  public void putAll(Map<? extends K, ? extends V> map) {
    checkOpen();
    Objects.requireNonNull(map, "the map of entries to put must not be null");
    for (Map.Entry<? extends K, ? extends V> entry : map.entrySet()) {
      types.checkEntry(entry.getKey(), entry.getValue());
    }
    long start = System.nanoTime();
    operations.putAll(map, stats);
    stats.recordPutTime(System.nanoTime() - start);
  }

  @Override
  public boolean putIfAbsent(K key, V value) {
    checkOpen();
    types.checkEntry(key, value);
    long start = System.nanoTime();
    boolean added = operations.putIfAbsent(key, value, stats);
    stats.recordPutTime(System.nanoTime() - start);
    return added;
  }

  @Override
  public boolean remove(K key) {
    checkOpen();
    requireKey(key);
    long start = System.nanoTime();
    boolean removed = operations.remove(key, stats);
    stats.recordRemoveTime(System.nanoTime() - start);
    return removed;
  }

  @Override
  public boolean remove(K key, V oldValue) {
    checkOpen();
    requireKey(key);
    Objects.requireNonNull(oldValue, "the expected old value must not be null");
    long start = System.nanoTime();
    boolean removed = operations.remove(key, oldValue, stats);
    stats.recordRemoveTime(System.nanoTime() - start);
    return removed;
  }

  @Override
  public V getAndRemove(K key) {
    checkOpen();
    requireKey(key);
    long start = System.nanoTime();
    V old = operations.getAndRemove(key, stats);
    long elapsed = System.nanoTime() - start;
    stats.recordGetTime(elapsed);
    stats.recordRemoveTime(elapsed);
    return old;
  }

  @Override
  public boolean replace(K key, V oldValue, V newValue) {
    checkOpen();
    types.checkEntry(key, newValue);
    Objects.requireNonNull(oldValue, "the expected old value must not be null");
    long start = System.nanoTime();
    boolean replaced = operations.replace(key, oldValue, newValue, stats);
    stats.recordPutTime(System.nanoTime() - start);
    return replaced;
  }

  @Override
  public boolean replace(K key, V value) {
    checkOpen();
    types.checkEntry(key, value);
    long start = System.nanoTime();
    boolean replaced = operations.replace(key, value, stats);
    stats.recordPutTime(System.nanoTime() - start);
    return replaced;
  }

  @Override
  public V getAndReplace(K key, V value) {
    checkOpen();
    types.checkEntry(key, value);
    return timedAsGetAndPut(() -> operations.getAndReplace(key, value, stats));
  }
  /** Runs a write that returns the value it replaced, timed both as a get and as a put. */
  private V timedAsGetAndPut(Supplier<V> write) {
    long start = System.nanoTime();
    V old = write.get();
    long elapsed = System.nanoTime() - start;
    stats.recordGetTime(elapsed);
    stats.recordPutTime(elapsed);
    return old;
  }


  @Override
  public void removeAll(Set<? extends K> keys) {
    checkOpen();
    requireKeys(keys);
    long start = System.nanoTime();
    operations.removeAll(keys, stats);
    stats.recordRemoveTime(System.nanoTime() - start);
  }

  @Override
  public void removeAll() {
    checkOpen();
    long start = System.nanoTime();
    operations.removeAll(stats);
    stats.recordRemoveTime(System.nanoTime() - start);
  }

  @Override
  public void clear() {
    checkOpen();
    operations.clear();
  }

  @Override
  public <C extends Configuration<K, V>> C getConfiguration(Class<C> type) {
    if (type.isInstance(configuration)) {
      return type.cast(configuration);
    }
    throw new IllegalArgumentException("the configuration of cache " + name + " is a "
        + configuration.getClass().getName() + ", not a " + type.getName()
        + "; allowed: PeanutConfiguration or a type it implements");
  }

  @Override
  public <T> T invoke(K key, EntryProcessor<K, V, T> entryProcessor, Object... arguments) {
    checkOpen();
    requireKey(key);
    Objects.requireNonNull(entryProcessor, "the entry processor must not be null");
    return operations.invoke(key, entryProcessor, arguments, stats);
  }

  @Override
  public <T> Map<K, EntryProcessorResult<T>> invokeAll(Set<? extends K> keys,
      EntryProcessor<K, V, T> entryProcessor, Object... arguments) {
    checkOpen();
    requireKeys(keys);
    Objects.requireNonNull(entryProcessor, "the entry processor must not be null");
    return operations.invokeAll(keys, entryProcessor, arguments, stats);
  }

  @Override
  public String getName() {
    return name;
  }

  @Override
  public CacheManager getCacheManager() {
    return manager;
  }

  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    awaitPendingLoads();
    manager.release(this);
    listeners.deregisterAll();
    mxBeans.removeAll();
    operations.close();
  }

  /** Waits for the {@code loadAll} calls of this handle still running, before it is closed or destroyed. */
  void awaitPendingLoads() {
    pendingLoads.awaitAll(name);
  }

  @Override
  public boolean isClosed() {
    return closed;
  }

  @Override
  public <T> T unwrap(Class<T> type) {
    if (type.isInstance(this)) {
      return type.cast(this);
    }
    throw new IllegalArgumentException("cache " + name + " cannot be unwrapped to " + type.getName()
        + "; allowed: " + PeanutCache.class.getName() + " or a type it implements");
  }

  @Override
  public void registerCacheEntryListener(CacheEntryListenerConfiguration<K, V> listenerConfiguration) {
    checkOpen();
    Objects.requireNonNull(listenerConfiguration, "the listener configuration must not be null");
    listeners.register(listenerConfiguration);
  }

  @Override
  public void deregisterCacheEntryListener(CacheEntryListenerConfiguration<K, V> listenerConfiguration) {
    checkOpen();
    Objects.requireNonNull(listenerConfiguration, "the listener configuration must not be null");
    listeners.deregister(listenerConfiguration);
  }

  @Override
  public Iterator<Entry<K, V>> iterator() {
    checkOpen();
    return operations.iterator(stats);
  }

  /**
   * The node that owns {@code key}: where its entry lives and where its operations and loads run.
   *
   * @param key the key
   * @return the owner's member name ({@code host:port} with a static peer list), or
   *     {@code "embedded"} when this cache is not clustered
   * @throws NullPointerException if the key is null
   */
  public String ownerOf(K key) {
    checkOpen();
    requireKey(key);
    return cluster.ownerOf(key);
  }

  /**
   * Whether this node owns {@code key}.
   *
   * @param key the key
   * @return true for every key of a cache that is not clustered
   */
  public boolean isLocal(K key) {
    checkOpen();
    requireKey(key);
    return cluster.ownsKey(key);
  }

  /**
   * The cache's statistics summed over every node of the cluster: the operations made through all
   * nodes' handles of the cache, with each node's share. For a cache that is not clustered, this
   * handle's alone. Nodes that cannot be reached are left out; the counts are those of handles
   * with statistics enabled.
   *
   * @return the cluster-wide view
   */
  public ClusterStatistics clusterStatistics() {
    checkOpen();
    return cluster.clusterStatistics(stats);
  }

  /**
   * The statistics this handle counts, as its MXBean shows them.
   *
   * @return the statistics
   */
  public CacheStatistics statistics() {
    return stats;
  }

  /**
   * This node's engine of the cache: the entries this node holds, and its load counters.
   *
   * @return the engine
   */
  public CacheEngine<K, V> engine() {
    return engine;
  }

  void setStatisticsEnabled(boolean enabled) {
    mxBeans.enableStatistics(enabled);
  }

  void setManagementEnabled(boolean enabled) {
    mxBeans.enableManagement(enabled);
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("cache " + name + " is closed");
    }
  }

  @Override
  public String toString() {
    return "PeanutCache{" + name + " in " + manager.getURI() + "}";
  }
}
