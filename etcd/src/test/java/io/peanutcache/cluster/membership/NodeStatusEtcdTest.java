package io.peanutcache.cluster.membership;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.peanutcache.NodeStatus;
import io.peanutcache.jcache.PeanutCacheManager;
import io.peanutcache.etcd.testing.EtcdServer;
import io.peanutcache.testing.InJvmCluster;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import javax.cache.CacheManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What a node's status says while etcd is away and after it returns. */
class NodeStatusEtcdTest {

  @RegisterExtension
  static final EtcdServer ETCD = new EtcdServer();

  @RegisterExtension
  final InJvmCluster node = InJvmCluster.of(1).etcd(ETCD::endpoint).with("peanutcache.etcd.lease-ttl", "2s")
      .uri(URI.create("urn:peanutcache:node-status-etcd-test"));

  @Test
  void tellsSinceWhenEtcdIsMissedAndWhenTheRegistrationMayBeLost() throws Exception {
    try (CacheManager manager = node.manager(0)) {
      PeanutCacheManager peanut = manager.unwrap(PeanutCacheManager.class);
      NodeStatus reachable = peanut.nodeStatus().orElseThrow();
      assertEquals(Optional.of(Duration.ofSeconds(2)), reachable.registrationTtl());
      assertEquals(Optional.empty(), reachable.membershipUnreachableSince());
      assertTrue(reachable.inOwnView());
      assertTrue(reachable.membership().startsWith("etcd [" + ETCD.endpoint()), reachable.membership());

      Instant stopped = Instant.now();
      ETCD.stop();
      NodeStatus away = awaitStatus(peanut, status -> status.membershipUnreachableSince().isPresent());
      Instant since = away.membershipUnreachableSince().orElseThrow();
      assertFalse(since.isBefore(stopped.minusSeconds(1)), "missed since " + since + ", stopped at " + stopped);
      assertFalse(away.membershipLost(since.plusSeconds(1)), "within the registration's 2 s");
      assertTrue(away.membershipLost(since.plusSeconds(3)), "past the registration's 2 s");

      ETCD.restart();
      NodeStatus back = awaitStatus(peanut, status -> status.membershipUnreachableSince().isEmpty());
      assertTrue(back.inOwnView(), "the node is in its view again: " + back);
    }
  }

  private static NodeStatus awaitStatus(PeanutCacheManager manager, java.util.function.Predicate<NodeStatus> wanted)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    NodeStatus status = manager.nodeStatus().orElseThrow();
    while (!wanted.test(status)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the status never became what was awaited: " + status);
      }
      Thread.sleep(50);
      status = manager.nodeStatus().orElseThrow();
    }
    return status;
  }
}
