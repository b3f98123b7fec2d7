package io.peanutcache.cluster.registry;

import io.peanutcache.settings.EtcdSettings;
import java.util.Iterator;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import javax.cache.CacheException;

/**
 * Finds the {@link Registry} of a clustered node on the class path. The provider carries none:
 * the etcd registry is the artifact {@value #ETCD_ARTIFACT}, which applications add beside the
 * provider when they set {@value EtcdSettings#ENDPOINTS_PROPERTY}.
 */
public final class Registries {

  /** The Maven coordinates of the etcd registry, without its version (the provider's). */
  public static final String ETCD_ARTIFACT = "io.peanutcache:peanutcache-etcd";

  private Registries() {}

  /**
   * The etcd registry: the first {@link Registry} that {@link ServiceLoader} finds through the
   * provider's class loader, or else through {@code classLoader}.
   *
   * @param settings the node's etcd settings, for the message when there is no registry
   * @param classLoader the class loader of the CacheManager that starts the node
   * @return the registry
   * @throws CacheException if neither class loader sees one, naming the artifact to add
   */
  public static Registry etcd(EtcdSettings settings, ClassLoader classLoader) {
    try {
      Iterator<Registry> found = ServiceLoader.load(Registry.class, Registry.class.getClassLoader()).iterator();
      if (!found.hasNext() && classLoader != null && classLoader != Registry.class.getClassLoader()) {
        found = ServiceLoader.load(Registry.class, classLoader).iterator();
      }
      if (found.hasNext()) {
        return found.next();
      }
    } catch (ServiceConfigurationError | LinkageError e) {
      throw new CacheException("the etcd registry on the class path cannot be loaded (" + e
          + "): " + ETCD_ARTIFACT + " needs its own dependencies, of the version of peanutcache-provider", e);
    }
    throw new CacheException(EtcdSettings.ENDPOINTS_PROPERTY + " is " + settings.endpoints()
        + ", but the etcd registry is not on the class path: add the dependency " + ETCD_ARTIFACT
        + ", of the version of peanutcache-provider, or leave " + EtcdSettings.ENDPOINTS_PROPERTY
        + " unset for a static peer list (peanutcache.peers) or a single node");
  }
}
