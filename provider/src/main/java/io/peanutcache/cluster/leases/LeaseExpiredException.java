package io.peanutcache.cluster.leases;

import javax.cache.CacheException;

/**
 * An entry processor ran under a lease that expired before its result reached the owner: the
 * result was not written, and the next caller of the key has gone ahead.
 */
public final class LeaseExpiredException extends CacheException {

  private static final long serialVersionUID = 1L;

  /**
   * The failure.
   *
   * @param message names the key's cache, the owner and the lease time
   */
  public LeaseExpiredException(String message) {
    super(message);
  }
}
