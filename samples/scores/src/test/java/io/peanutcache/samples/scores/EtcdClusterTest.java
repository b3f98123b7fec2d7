package io.peanutcache.samples.scores;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.peanutcache.samples.scores.database.ScoresDatabase;
import io.peanutcache.etcd.testing.EtcdServer;
import io.peanutcache.testing.FreePorts;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import javax.cache.CacheException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Three nodes in this JVM that find each other through a real etcd, as {@code --etcd} runs them:
 * each registers as {@code node-I}, owners are named so, and a name is loaded once, on its owner.
 */
class EtcdClusterTest {

  @RegisterExtension
  static final EtcdServer ETCD = new EtcdServer();

  private static final AtomicInteger CLUSTERS = new AtomicInteger();

  /** Each test has a cluster, and so keys in etcd, of its own. */
  private final Discovery.Etcd etcd = new Discovery.Etcd(List.of(URI.create(ETCD.endpoint())),
      "scores-test-" + CLUSTERS.incrementAndGet());

  private RunningCluster cluster;

  @BeforeEach
  void start() throws Exception {
    cluster = RunningCluster.startThroughEtcd(etcd, Duration.ofMillis(20));
  }

  @AfterEach
  void stop() throws Exception {
    cluster.close();
  }

  @Test
  void theNodesAreNamedNode1ToNode3AndEachSeesTheThree() {
    List<String> names = List.of("node-1", "node-2", "node-3");

    assertEquals(names, cluster.cluster().nodes().stream().map(ScoresNode::name).toList());
    for (ScoresNode node : cluster.cluster().nodes()) {
      assertEquals(names, node.members(), "the members node " + node.name() + " sees");
    }
    for (String name : ScoresDatabase.SEED.keySet()) {
      assertTrue(names.contains(cluster.apiNode().cache().ownerOf(name)),
          "the owner of " + name + " is named as registered: "
              + cluster.apiNode().cache().ownerOf(name));
    }
  }

  @Test
  void aNameIsLoadedOnceOnItsOwnerAndTheSecondRequestIsAHit() throws Exception {
    String name = cluster.nameOwnedByTheApiNode();

    cluster.getsTheScoreTwice(name);

    assertEquals(1, cluster.databaseQueries(), "the second request must not query the database");
    assertEquals(1, cluster.loadsOn("node-1"), "the owner runs the load");
    assertEquals(1, cluster.loadsInTheCluster(), "no other node loads");
    assertEquals(List.of(
        List.of(request(name), "owner node-1", "loaded on this node (owner)"),
        List.of(request(name), "owner node-1", "hit on this node (owner)")), cluster.requests());
  }

  @Test
  void aNameOwnedByAnotherNodeIsLoadedThereAndThenHitThere() throws Exception {
    String name = cluster.nameOwnedByAPeer();
    String owner = cluster.apiNode().cache().ownerOf(name);
    assertNotEquals("node-1", owner);

    HttpResponse<String> first = cluster.get("key=" + name);
    HttpResponse<String> second = cluster.get("key=" + name);

    assertEquals(RunningCluster.scoreOf(name) + "\n", first.body());
    assertEquals(RunningCluster.scoreOf(name) + "\n", second.body());
    assertEquals(1, cluster.databaseQueries());
    assertEquals(1, cluster.loadsOn(owner), "the node that owns the name loads it");
    assertEquals(0, cluster.loadsOn("node-1"), "the API node does not load a name it does not own");
    assertEquals(List.of(
        List.of(request(name), "owner " + owner, "from peer " + owner + " (loaded there)"),
        List.of(request(name), "owner " + owner, "from peer " + owner + " (hit there)")),
        cluster.requests());
  }

  @Test
  void eachNodeIsRegisteredInEtcdWithItsAddressAndTheCacheIsDefinedThere() throws Exception {
    Map<String, String> keys = ETCD.read(etcd.prefix());

    for (Member member : cluster.members()) {
      String key = etcd.prefix() + "members/" + member.name();
      String registration = keys.get(key);
      assertTrue(registration != null, key + " is missing from " + keys.keySet());
      assertTrue(registration.matches("\\{\"address\":\"" + Pattern.quote(member.address()) + "\","
          + "\"version\":\"[^\"]+\",\"started\":\"[^\"]+\",\"instance\":\"[^\"]+\"}"),
          key + " = " + registration);
    }
    String definition = keys.get(etcd.prefix() + "caches/urn%3Apeanutcache%3Ascores/scores");
    assertTrue(definition != null, "no cache definition in " + keys.keySet());
    assertTrue(definition.startsWith("{\"uri\":\"urn:peanutcache:scores\",\"name\":\"scores\","),
        definition);
    assertEquals(4, keys.size(), "three members and one cache: " + keys.keySet());
  }

  @Test
  void aNodeWhoseNameIsTakenInTheClusterDoesNotStart() throws Exception {
    Member secondNode2 = etcd.member(2, FreePorts.loopbackAddresses(1).get(0));

    try (ScoresDatabase database =
        ScoresDatabase.create("scores-test-" + UUID.randomUUID(), Duration.ZERO)) {
      CacheException e = assertThrows(CacheException.class, () -> ScoresCluster.start(etcd,
          Transport.PLAINTEXT, List.of(secondNode2), 0, database.loaderFactory(), line -> {}));

      assertTrue(e.getMessage().startsWith("node name node-2 is taken in cluster "
          + etcd.cluster() + ": another live node is registered as " + etcd.prefix()
          + "members/node-2 = "), e.getMessage());
    }
    assertEquals(List.of("node-1", "node-2", "node-3"), cluster.apiNode().members(),
        "the node that did not start left the members as they were");
  }

  private String request(String name) {
    return "[api node-1] GET " + name + " -> " + RunningCluster.scoreOf(name);
  }
}
