package io.peanutcache.cluster.transport;

import io.peanutcache.cluster.hosting.CacheId;
import io.peanutcache.cluster.ring.ClusterView;
import io.peanutcache.cluster.transport.proto.Header;

/** The header every request about a cache carries: the one place it is built and read. */
final class WireHeader {

  private WireHeader() {}

  /**
   * The header of a request about a cache, stamped with the sender's view.
   *
   * @param id the cache
   * @param view the view the request is sent by: its epoch, and this node's name as the sender
   * @return the header
   */
  static Header of(CacheId id, ClusterView view) {
    return Header.newBuilder().setCacheUri(id.manager()).setCacheName(id.name())
        .setEpoch(view.epoch()).setSender(view.self().name()).build();
  }

  /**
   * The cache a header names.
   *
   * @param header the header
   * @return the cache's identity
   */
  static CacheId cacheId(Header header) {
    return new CacheId(header.getCacheUri(), header.getCacheName());
  }
}
