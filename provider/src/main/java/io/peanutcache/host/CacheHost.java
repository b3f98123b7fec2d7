package io.peanutcache.host;

import io.peanutcache.NodeStatus;
import io.peanutcache.PeanutConfiguration;
import io.peanutcache.management.CacheStatistics;
import io.peanutcache.settings.NodeSettings;
import io.peanutcache.store.TimeSource;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Where the clustered caches of one CacheManager run: a node of the cluster, shared by the
 * managers of the JVM with the same node settings. The caches are those of the manager's identity
 * (see {@link io.peanutcache.settings.ManagerIdentity}); a cache is named here by its name alone.
 *
 * <p>A manager opens its host when it starts, through the {@link Factory} its provider gives it,
 * and releases it when it closes.
 */
public interface CacheHost {

  /** Opens the host of a manager whose node settings are clustered. */
  @FunctionalInterface
  interface Factory {

    /**
     * The host of a manager's clustered caches, on the node of {@code settings}, started if none
     * runs yet in this JVM.
     *
     * @param settings the manager's node settings; clustered
     * @param managerIdentity the identity of the manager's caches in the cluster
     * @param classLoader loads the classes of caches defined by peers, if the node starts now
     * @param time the clock of the node's caches, if the node starts now
     * @return the host, to release when the manager closes
     * @throws javax.cache.CacheException if the node cannot start
     */
    CacheHost open(NodeSettings settings, String managerIdentity, ClassLoader classLoader, TimeSource time);
  }

  /**
   * Defines a cache on every node, or joins it where it is defined with an equal configuration,
   * and gives what a new handle of it runs on.
   *
   * @param cacheName the cache's name
   * @param configuration its configuration; store-by-value
   * @param classLoader loads its classes on this node
   * @param handleStatistics the statistics of the new handle, counted in the cluster-wide
   *     statistics while the handle is open
   * @param <K> the type of keys
   * @param <V> the type of values
   * @return what the handle runs on
   * @throws javax.cache.CacheException if a node hosts the cache with another configuration
   */
  <K, V> CacheRuntime<K, V> define(String cacheName, PeanutConfiguration<K, V> configuration,
      ClassLoader classLoader, CacheStatistics handleStatistics);

  /**
   * The configuration of a cache this manager did not create: one hosted here, or else one the
   * cluster knows (created elsewhere while this node was down or starting), hosted here from now
   * on.
   *
   * @param cacheName the cache's name
   * @return its configuration; empty if no node that can be reached knows the cache
   */
  Optional<PeanutConfiguration<Object, Object>> find(String cacheName);

  /**
   * What a new handle of a cache hosted here runs on.
   *
   * @param cacheName the cache's name
   * @param handleStatistics the statistics of the new handle, counted in the cluster-wide
   *     statistics while the handle is open
   * @return what the handle runs on; null if the cache is not hosted here (any more)
   */
  CacheRuntime<Object, Object> open(String cacheName, CacheStatistics handleStatistics);

  /**
   * Whether a cache is hosted here.
   *
   * @param cacheName the cache's name
   * @return true if this node hosts it
   */
  boolean isHosted(String cacheName);

  /**
   * Destroys a cache on every node, this one first; returns once every reachable node has.
   *
   * @param cacheName the cache's name
   */
  void destroy(String cacheName);

  /**
   * Asks to be told of every cache of this manager's identity destroyed here, by this manager or
   * from any node, before its engine closes.
   *
   * @param listener called with the destroyed cache's name
   * @return stops telling the listener
   */
  Runnable onDestroy(Consumer<String> listener);

  /**
   * What the node is doing now: its view, whether it is in it, whether etcd answers, and its
   * counts.
   *
   * @return the node's status
   */
  NodeStatus status();

  /**
   * Adds patterns to the node's deserialization allow-list, for a framework that hands its own
   * classes to a manager it did not make.
   *
   * @param patterns patterns in the JDK's filter syntax, each checked
   * @throws IllegalArgumentException if a pattern is malformed; nothing is added then
   */
  void allowSerialized(java.util.Collection<String> patterns);

  /** Releases the node; the last manager to release it stops it. */
  void release();
}
