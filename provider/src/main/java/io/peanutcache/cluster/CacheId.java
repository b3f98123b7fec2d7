package io.peanutcache.cluster;

import java.util.Objects;

/**
 * A cache's identity in the cluster: the URI of its CacheManager and its name. CacheManagers with
 * other URIs hold other caches, even of the same name.
 *
 * @param managerUri the CacheManager's URI, as a string
 * @param name the cache's name
 */
public record CacheId(String managerUri, String name) {

  /**
   * @throws NullPointerException if either part is null
   */
  public CacheId {
    Objects.requireNonNull(managerUri, "managerUri");
    Objects.requireNonNull(name, "name");
  }

  @Override
  public String toString() {
    return name + " (" + managerUri + ")";
  }
}
