package io.peanutcache.benchmarks;

import java.util.List;
import javax.cache.Cache;

/**
 * Three cache nodes running in this JVM, joined over loopback, that share one cache of
 * {@code String} keys and {@code byte[]} values; node 1 is the caller the benchmark reads
 * through.
 *
 * <p>Each implementation starts its nodes in its constructor and stops all of them in
 * {@link #close()}. Owners are named the same way by every implementation, {@code host:port},
 * so the benchmark can check ownership without knowing the provider.
 */
interface ThreeNodeCluster extends AutoCloseable {

  /** The number of nodes every implementation starts. */
  int SIZE = 3;

  /**
   * The shared cache as node 1, the caller, sees it: every operation the benchmark measures goes
   * through this handle.
   *
   * @return the caller's handle of the cache
   */
  Cache<String, byte[]> callerCache();

  /**
   * The shared cache as node {@code index} sees it.
   *
   * @param index 0 (the caller), 1 or 2
   * @return that node's handle of the cache
   */
  Cache<String, byte[]> cache(int index);

  /**
   * The address of every node, {@code host:port}, the caller first.
   *
   * @return the three addresses
   */
  List<String> nodeNames();

  /**
   * The node that owns {@code key}, as the provider's own partitioning says.
   *
   * @param key a key
   * @return its owner's address, one of {@link #nodeNames()}
   */
  String ownerOf(String key);

  /**
   * Whether the caller owns {@code key}, as the provider's own API says; must agree with {@link
   * #ownerOf} naming the caller.
   *
   * @param key a key
   * @return true if a get of {@code key} through {@link #callerCache()} stays on the caller
   */
  boolean callerOwns(String key);

  /**
   * Whether the nodes talk TLS to each other, as their own settings say.
   *
   * @return false unless an implementation runs its nodes over TLS
   */
  default boolean tls() {
    return false;
  }

  /** Closes every node's handle and stops every node; the cluster cannot be used afterwards. */
  @Override
  void close();
}
