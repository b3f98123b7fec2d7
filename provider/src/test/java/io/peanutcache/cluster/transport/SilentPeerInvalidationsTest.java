package io.peanutcache.cluster.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.peanutcache.cluster.hosting.CacheId;
import io.peanutcache.cluster.membership.Member;
import io.peanutcache.cluster.membership.MembershipView;
import io.peanutcache.cluster.peers.HotInvalidations;
import io.peanutcache.cluster.ring.ClusterView;
import io.peanutcache.cluster.transport.proto.InvalidationAck;
import io.peanutcache.cluster.transport.proto.InvalidationBatch;
import io.peanutcache.cluster.transport.proto.PeerGrpc;
import io.peanutcache.settings.NodeSettings;
import io.peanutcache.testing.Await;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A peer that takes hot-cache batches and never answers: the owner keeps no more than
 * {@link HotPeersClient#MAXIMUM_IN_FLIGHT} batches under way to it, rather than queueing every
 * batch it makes; the peer notices the gap in the numbers and drops its copies.
 */
class SilentPeerInvalidationsTest {

  @Test
  void batchesToAPeerThatNeverAnswersAreBounded() throws Exception {
    AtomicInteger received = new AtomicInteger();
    Server silent = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
        .addService(new PeerGrpc.PeerImplBase() {
          @Override
          public void invalidate(InvalidationBatch request, StreamObserver<InvalidationAck> out) {
            received.incrementAndGet(); // and never answers
          }
        }).build().start();
    Properties settings = new Properties();
    settings.setProperty("peanutcache.rpc.timeout", "10m");
    Member peer = new Member("silent", "127.0.0.1:" + silent.getPort());
    PeerClient client = new PeerClient(peer, NodeSettings.resolve(settings, new Properties(), Map.of(), null, null));
    try {
      client.awaitReady("invalidate", null);
      HotPeersClient hot = new HotPeersClient(member -> client, "owner");
      ClusterView view = ClusterView.of(new MembershipView(1, List.of(new Member("owner", "127.0.0.1:1"), peer)),
          "owner", 271);
      HotInvalidations batch = new HotInvalidations(new CacheId("urn:test", "hot"), "owner", 42,
          List.of(new HotInvalidations.Change(3, 1, new byte[] {1})), List.of());

      for (int i = 0; i < 3 * HotPeersClient.MAXIMUM_IN_FLIGHT; i++) {
        hot.invalidate(List.of(peer), view, batch);
      }

      Await.until(Duration.ofSeconds(60), () -> received.get() >= HotPeersClient.MAXIMUM_IN_FLIGHT,
          () -> received + " batches reached the silent peer");
      assertEquals(HotPeersClient.MAXIMUM_IN_FLIGHT, received.get(), "batches under way to the silent peer");
    } finally {
      client.close();
      silent.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }
}
