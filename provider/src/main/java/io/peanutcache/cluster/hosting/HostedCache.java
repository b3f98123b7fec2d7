package io.peanutcache.cluster.hosting;

import io.peanutcache.PeanutConfiguration;
import io.peanutcache.codec.ValueCodec;
import io.peanutcache.engine.CacheEngine;
import io.peanutcache.engine.OwnerOperations;
import io.peanutcache.event.EventDispatcher;
import io.peanutcache.management.CacheStatistics;
import java.util.List;

/**
 * A cache as one node hosts it: its definition, the engine holding the entries this node owns,
 * and the codec its keys and values cross the network with. Cluster code that needs of the engine
 * only what peers ask of an owner (listing, versioned reads and writes, dropping moved entries,
 * load counts) reaches it through {@link #owner()}.
 *
 * @param id the cache's identity
 * @param configuration its configuration, the same on every node
 * @param engine this node's engine of the cache: the JCache operations on the entries it holds
 * @param events the engine's listeners on this node
 * @param codec encodes keys, values and processors with the cache's class loader, and decodes them
 *     under the node's allow-list and the cache's declared types
 * @param handleStatistics the statistics of this node's open handles of the cache
 */
public record HostedCache(
    CacheId id,
    PeanutConfiguration<Object, Object> configuration,
    CacheEngine<Object, Object> engine,
    EventDispatcher<Object, Object> events,
    ValueCodec codec,
    List<CacheStatistics> handleStatistics) {

  /**
   * What peers ask of this node's engine as the owner of keys, beyond the JCache operations.
   *
   * @return the engine, as its owner-side operations
   */
  public OwnerOperations<Object, Object> owner() {
    return engine;
  }
}
