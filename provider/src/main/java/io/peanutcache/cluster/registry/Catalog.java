package io.peanutcache.cluster.registry;

import io.peanutcache.cluster.hosting.CacheId;
import io.peanutcache.cluster.peers.CacheDefinition;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;
import javax.cache.CacheException;

/**
 * The cache definitions of a cluster kept in its registry, so that a node that starts later knows
 * every cache. The registry decides conflicts: the first definition of a cache is stored, and a
 * later one is accepted only if it is equal.
 *
 * <p>What the registry holds is untrusted input: a stored value that is not a definition of the
 * cache its key names is skipped, never handed on. Every method may be called from any thread.
 */
public interface Catalog extends AutoCloseable {

  /**
   * Stores a definition unless another one of that cache is there.
   *
   * @param definition the definition
   * @param equal whether a stored definition is equal to this one
   * @return the description of a different stored definition, or empty if this one is stored or
   *     an equal one is
   * @throws CacheException if the registry cannot be reached
   */
  Optional<String> record(CacheDefinition definition, Predicate<CacheDefinition> equal);

  /**
   * Reads one cache's definition, for a node that has not seen it while following the catalog.
   *
   * @param id the cache
   * @return the stored definition, or empty if there is none (or what is stored is not one)
   * @throws CacheException if the registry cannot be reached
   */
  Optional<CacheDefinition> find(CacheId id);

  /**
   * Deletes a cache's definition; does nothing if there is none.
   *
   * @param id the cache
   * @throws CacheException if the registry cannot be reached
   */
  void remove(CacheId id);

  /**
   * Hands every stored definition to {@code defined}, then every later change as it happens, in
   * the registry's order, until the catalog is closed. A definition {@code defined} throws on is
   * skipped and logged once; the catalog goes on.
   *
   * @param defined told of each definition that is stored
   * @param deleted told of each cache whose definition is deleted
   * @throws CacheException if the registry cannot be reached
   * @throws IllegalStateException if the catalog is followed already, or closed
   */
  void follow(Consumer<CacheDefinition> defined, Consumer<CacheId> deleted);

  /**
   * The key a cache's definition is kept under, which messages name.
   *
   * @param id the cache
   * @return the key, in the registry's own form (for etcd, for example,
   *     {@code /peanutcache/default/caches/orders/books})
   */
  String keyOf(CacheId id);

  /** Stops following the catalog, if it was followed. */
  @Override
  void close();
}
