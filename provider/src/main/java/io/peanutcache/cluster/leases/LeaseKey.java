package io.peanutcache.cluster.leases;

import io.peanutcache.cluster.hosting.CacheId;
import java.util.Arrays;

/**
 * What a lease is of: one key of one cache, as its encoded bytes, which are the same on every
 * node.
 *
 * @param cache the cache
 * @param key the key, encoded by the cache's value codec; not modified afterwards
 */
public record LeaseKey(CacheId cache, byte[] key) {

  @Override
  public boolean equals(Object other) {
    return other instanceof LeaseKey that && cache.equals(that.cache) && Arrays.equals(key, that.key);
  }

  @Override
  public int hashCode() {
    return 31 * cache.hashCode() + Arrays.hashCode(key);
  }

  @Override
  public String toString() {
    return "key of " + key.length + " bytes of cache " + cache;
  }
}
