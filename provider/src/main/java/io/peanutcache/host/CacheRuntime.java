package io.peanutcache.host;

import io.peanutcache.engine.CacheEngine;
import io.peanutcache.engine.CacheOperations;
import io.peanutcache.engine.ClusterOperations;
import io.peanutcache.engine.EmbeddedCluster;
import io.peanutcache.event.EventDispatcher;

/**
 * What one handle of a cache runs on: where its operations go, what it tells of the cluster, this
 * node's engine of the cache and the listeners of that engine.
 *
 * @param operations runs the JCache operations: this node's engine, or routing to each key's owner
 * @param cluster tells of the cluster: each key's owner and the cluster-wide statistics
 * @param engine this node's engine of the cache: the entries it holds, its load counters and its
 *     evictions
 * @param events the engine's listeners, whose events name the handle as their source
 * @param <K> the type of keys
 * @param <V> the type of values
 */
public record CacheRuntime<K, V>(
    CacheOperations<K, V> operations,
    ClusterOperations<K> cluster,
    CacheEngine<K, V> engine,
    EventDispatcher<K, V> events) {

  /**
   * What a cache that lives in this JVM alone runs on: its engine runs every operation, and this
   * node owns every key.
   *
   * @param engine the cache's engine
   * @param events the engine's listeners
   * @param <K> the type of keys
   * @param <V> the type of values
   * @return the runtime
   */
  public static <K, V> CacheRuntime<K, V> embedded(CacheEngine<K, V> engine, EventDispatcher<K, V> events) {
    return new CacheRuntime<>(engine, new EmbeddedCluster<>(), engine, events);
  }
}
