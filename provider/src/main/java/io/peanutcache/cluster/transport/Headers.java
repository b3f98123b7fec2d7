package io.peanutcache.cluster.transport;

import io.peanutcache.cluster.hosting.CacheId;
import io.peanutcache.cluster.ring.ClusterView;
import io.peanutcache.cluster.transport.proto.Header;

/**
 * The header every request to a peer carries, built here and nowhere else: the cache it is about,
 * and the sender's name and epoch from the view the request was routed by, so that an owner with
 * an older view catches up before it answers "not owner", and a sender with a view older than the
 * move of a key's partition is told "not owner" and catches up.
 */
final class Headers {

  private Headers() {}

  /**
   * The header of a request about {@code cache}, stamped with {@code view}.
   *
   * @param cache the cache
   * @param view the view the request is routed by
   * @return the header
   */
  static Header of(CacheId cache, ClusterView view) {
    return Header.newBuilder().setCacheUri(cache.manager()).setCacheName(cache.name())
        .setEpoch(view.epoch()).setSender(view.self().name()).setSentAtMillis(System.currentTimeMillis()).build();
  }

  /**
   * The cache a request's header names.
   *
   * @param header the header
   * @return the cache's identity
   */
  static CacheId cacheId(Header header) {
    return new CacheId(header.getCacheUri(), header.getCacheName());
  }
}
