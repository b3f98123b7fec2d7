package io.peanutcache.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.peanutcache.PeanutConfiguration;
import io.peanutcache.cluster.loading.DatabaseLikeLoader;
import io.peanutcache.jcache.PeanutCache;
import io.peanutcache.jcache.PeanutCacheManager;
import io.peanutcache.testing.InJvmCluster;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import javax.cache.Cache;
import javax.cache.configuration.FactoryBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import io.peanutcache.NodeStatus;

/** What {@link Node#status()} tells of a node of a three-node cluster with a static peer list. */
class NodeStatusTest {

  @RegisterExtension
  final InJvmCluster cluster = InJvmCluster.of(3).rpcTimeout(Duration.ofSeconds(5));

  private NodeStatus status(int node) {
    return cluster.manager(node).unwrap(PeanutCacheManager.class).nodeStatus().orElseThrow();
  }

  @Test
  void tellsTheViewTheCountsAndTheCallsToPeers() {
    PeanutConfiguration<String, String> configuration = new PeanutConfiguration<String, String>()
        .setHotCache(1_000, java.time.Duration.ofSeconds(30));
    configuration.setTypes(String.class, String.class).setReadThrough(true)
        .setCacheLoaderFactory(FactoryBuilder.factoryOf(DatabaseLikeLoader.class));
    Cache<String, String> rows = cluster.manager(0).createCache("rows", configuration);
    @SuppressWarnings("unchecked")
    PeanutCache<String, String> peanut = rows.unwrap(PeanutCache.class);
    String remote = null;
    for (int i = 0; remote == null; i++) {
      if (!peanut.isLocal("slow-0-status-" + i)) {
        remote = "slow-0-status-" + i;
      }
    }
    for (int i = 0; i < 5; i++) {
      rows.get(remote);
    }

    NodeStatus here = status(0);
    assertEquals(cluster.address(0), here.nodeName());
    assertEquals("static peer list", here.membership());
    assertEquals(3, here.members().size());
    assertEquals(cluster.address(1), here.members().get(cluster.address(1)), "members by name, with addresses");
    assertTrue(here.inOwnView());
    assertEquals(271, status(0).partitionsOwned() + status(1).partitionsOwned() + status(2).partitionsOwned());
    assertEquals(271, here.partitionCount());
    assertEquals(Optional.empty(), here.membershipUnreachableSince());
    assertFalse(here.membershipLost(Instant.now().plusSeconds(3600)), "a static list cannot be lost");
    assertTrue(here.peerCalls().get("get").calls() >= 1, "gets sent to the owner: " + here.peerCalls());
    assertEquals(0, here.peerCalls().get("get").failures());
    assertTrue(here.hotCacheHits() >= 1, "the later gets were served from the hot copy: " + here);
    int owner = status(1).members().containsKey(peanut.ownerOf(remote)) && peanut.ownerOf(remote)
        .equals(cluster.address(1)) ? 1 : 2;
    assertEquals(1, status(owner).loads(), "the owner loaded the key once");
    assertTrue(status(owner).ownerOperations() >= 1);
  }
}
