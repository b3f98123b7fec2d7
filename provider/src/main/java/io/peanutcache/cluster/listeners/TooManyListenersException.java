package io.peanutcache.cluster.listeners;

import javax.cache.CacheException;

/** A listener was refused because its cache has as many listeners as allowed. */
public final class TooManyListenersException extends CacheException {

  private static final long serialVersionUID = 1L;

  /**
   * The refusal.
   *
   * @param message names the cache, the limit and its setting
   */
  public TooManyListenersException(String message) {
    super(message);
  }
}
