package io.peanutcache.cluster.hosting;

import java.util.Objects;

/**
 * A cache's identity in the cluster: its CacheManager's identity and its name. CacheManagers of
 * other identities hold other caches, even of the same name; CacheManagers of one identity, on
 * any node, hold the same caches. A CacheManager's identity does not depend on where the
 * application is installed (see {@link io.peanutcache.settings.ManagerIdentity}).
 *
 * @param manager the identity of the CacheManager, as {@link io.peanutcache.settings.ManagerIdentity}
 *     gives it
 * @param name the cache's name
 */
public record CacheId(String manager, String name) {

  /**
   * @throws NullPointerException if either part is null
   */
  public CacheId {
    Objects.requireNonNull(manager, "manager");
    Objects.requireNonNull(name, "name");
  }

  @Override
  public String toString() {
    return name + " (" + manager + ")";
  }
}
