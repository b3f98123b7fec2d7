package io.peanutcache.cluster.leases;

import javax.cache.CacheException;

/** A lease was refused because too many callers already wait for that key or on this node. */
public final class TooManyWaitersException extends CacheException {

  private static final long serialVersionUID = 1L;

  /**
   * The refusal.
   *
   * @param message names the key or node, the limit and what to do
   */
  public TooManyWaitersException(String message) {
    super(message);
  }
}
