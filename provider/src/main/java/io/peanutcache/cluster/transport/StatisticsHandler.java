package io.peanutcache.cluster.transport;

import io.grpc.stub.StreamObserver;
import io.peanutcache.cluster.hosting.HostedCache;
import io.peanutcache.cluster.transport.proto.CacheRequest;
import io.peanutcache.cluster.transport.proto.Header;
import io.peanutcache.cluster.transport.proto.StatisticsReply;
import io.peanutcache.management.ClusterStatistics;

/** Answers a peer that asks for this node's share of a cache's statistics. */
final class StatisticsHandler extends PeerHandler {

  StatisticsHandler(PeerHost host) {
    super(host);
  }

  void statistics(CacheRequest request, StreamObserver<StatisticsReply> out) {
    answer(out, () -> {
      Header header = request.getHeader();
      HostedCache cache = host.caches().get(Headers.cacheId(header));
      if (cache == null) {
        return StatisticsReply.getDefaultInstance();
      }
      ClusterStatistics.NodeShare share = ClusterStatistics.shareOf(cache.handleStatistics());
      return StatisticsReply.newBuilder().setHits(share.hits()).setMisses(share.misses())
          .setPuts(share.puts()).setRemovals(share.removals()).setEvictions(share.evictions())
          .setHandles(share.handles()).build();
    });
  }
}
