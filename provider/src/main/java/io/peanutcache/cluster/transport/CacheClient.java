package io.peanutcache.cluster.transport;

import io.peanutcache.cluster.hosting.CacheId;
import io.peanutcache.cluster.membership.Member;
import java.util.function.Function;

/**
 * What the gRPC calls of one cache share: the node's client of each peer, the cache the requests
 * name, and the kinds of the cache's reads and entry processors, which decide their deadlines.
 */
abstract class CacheClient {

  /** The node's client of each peer. */
  final Function<Member, PeerClient> clients;
  /** The cache the requests name. */
  final CacheId id;
  /** The kind of this cache's reads: loads when it reads through. */
  final CallKind reads;
  /** The kind of this cache's entry processors: loading writes when it reads through. */
  final CallKind processors;

  CacheClient(Function<Member, PeerClient> clients, CacheId id, boolean readThrough) {
    this.clients = clients;
    this.id = id;
    this.reads = CallKind.read(readThrough);
    this.processors = CallKind.write(readThrough);
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "{" + id + ", reads " + reads + "}";
  }
}
