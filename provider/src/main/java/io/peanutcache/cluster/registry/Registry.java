package io.peanutcache.cluster.registry;

import io.peanutcache.settings.EtcdSettings;
import javax.cache.CacheException;

/**
 * A registry the nodes of a cluster join to find each other and the caches they share, found with
 * {@link java.util.ServiceLoader} (see {@link Registries}).
 *
 * <p>An implementation has a public no-argument constructor and is listed in
 * {@code META-INF/services/io.peanutcache.cluster.registry.Registry}; it may be called from any
 * thread, and for several nodes of one JVM.
 */
public interface Registry {

  /**
   * Registers a node in the cluster its settings name, and reads the members.
   *
   * @param settings where the registry is, the cluster's prefix, and how to reach it securely
   * @param selfName the node's name, unique among the live nodes of the cluster
   * @param address the {@code host:port} peers reach the node at
   * @return the node's membership, with the node registered and a first view read; the caller
   *     closes it
   * @throws CacheException if the registry cannot be reached or refuses the node, naming the
   *     setting to change, or if another live node has this name
   */
  RegistryMembership join(EtcdSettings settings, String selfName, String address);
}
