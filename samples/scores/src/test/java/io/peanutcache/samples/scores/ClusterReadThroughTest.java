package io.peanutcache.samples.scores;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Three nodes in this JVM: a name is loaded from the database once, on its owner node, and every
 * later request is answered from the owner's cache, whichever node the API runs on.
 */
class ClusterReadThroughTest {

  private static final int CONCURRENT_REQUESTS = 16;

  private RunningCluster cluster;

  @AfterEach
  void stop() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void firstGetOfANameQueriesTheDatabaseOnceOnItsOwner() throws Exception {
    cluster = RunningCluster.start(Duration.ofMillis(20));
    String api = cluster.apiNode().name();
    String name = cluster.nameOwnedByTheApiNode();

    HttpResponse<String> response = cluster.get("key=" + name);

    assertEquals(200, response.statusCode());
    assertEquals(RunningCluster.scoreOf(name) + "\n", response.body());
    assertEquals(1, cluster.databaseQueries());
    assertEquals(1, cluster.loadsOn(api), "the owner runs the load");
    assertEquals(1, cluster.loadsInTheCluster(), "no other node loads");
    assertEquals(List.of(List.of(request(name), "owner " + api, "loaded on this node (owner)")),
        cluster.requests());
  }

  @Test
  void secondGetOfANameIsAHit() throws Exception {
    cluster = RunningCluster.start(Duration.ofMillis(20));
    String api = cluster.apiNode().name();
    String name = cluster.nameOwnedByTheApiNode();
    cluster.get("key=" + name);

    HttpResponse<String> response = cluster.get("key=" + name);

    assertEquals(200, response.statusCode());
    assertEquals(RunningCluster.scoreOf(name) + "\n", response.body());
    assertEquals(1, cluster.databaseQueries(), "the second request must not query the database");
    assertEquals(1, cluster.loadsInTheCluster());
    assertEquals(1, cluster.apiNode().cache().statistics().getCacheHits());
    assertEquals(List.of(
        List.of(request(name), "owner " + api, "loaded on this node (owner)"),
        List.of(request(name), "owner " + api, "hit on this node (owner)")), cluster.requests());
  }

  @Test
  void aNameOwnedByAnotherNodeIsLoadedOnThatPeerAndThenHitThere() throws Exception {
    cluster = RunningCluster.start(Duration.ofMillis(20));
    String api = cluster.apiNode().name();
    String name = cluster.nameOwnedByAPeer();
    String owner = cluster.apiNode().cache().ownerOf(name);
    assertNotEquals(api, owner);

    cluster.getsTheScoreTwice(name);

    assertEquals(1, cluster.databaseQueries());
    assertEquals(1, cluster.loadsOn(owner), "the peer that owns the name loads it");
    assertEquals(0, cluster.loadsOn(api), "the API node does not load a name it does not own");
    assertEquals(List.of(
        List.of(request(name), "owner " + owner, "from peer " + owner + " (loaded there)"),
        List.of(request(name), "owner " + owner, "from peer " + owner + " (hit there)")),
        cluster.requests());
  }

  @Test
  void concurrentGetsForANewNameOwnedByTheApiNodeRunOneQueryInTheCluster() throws Exception {
    // a long query, so that all the requests arrive while the first one's load is in flight
    cluster = RunningCluster.start(Duration.ofSeconds(1));
    String api = cluster.apiNode().name();
    String name = cluster.nameOwnedByTheApiNode();

    List<List<String>> requests = getConcurrently(name);

    assertEquals(1, cluster.databaseQueries(), "single flight: one query for all the requests");
    assertEquals(1, cluster.loadsInTheCluster());
    assertTrue(cluster.apiNode().cache().engine().loadsDeduped() > 0,
        "no request joined the load in flight, so this run did not exercise single flight");
    assertEquals(1, requests.stream()
        .filter(request -> request.get(2).equals("loaded on this node (owner)")).count(),
        "exactly one request ran the loader: " + requests);
    for (List<String> request : requests) {
      assertEquals("owner " + api, request.get(1));
    }
  }

  @Test
  void concurrentGetsForANewNameOwnedByAPeerRunOneQueryInTheCluster() throws Exception {
    cluster = RunningCluster.start(Duration.ofSeconds(1));
    String name = cluster.nameOwnedByAPeer();
    String owner = cluster.apiNode().cache().ownerOf(name);

    List<List<String>> requests = getConcurrently(name);

    assertEquals(1, cluster.databaseQueries(), "single flight: one query for all the requests");
    assertEquals(1, cluster.loadsOn(owner));
    assertEquals(1, cluster.loadsInTheCluster());
    assertTrue(cluster.cluster().node(owner).cache().engine().loadsDeduped() > 0,
        "no request joined the load in flight, so this run did not exercise single flight");
    for (List<String> request : requests) {
      assertEquals("owner " + owner, request.get(1));
      assertTrue(request.get(2).startsWith("from peer " + owner + " ("), request.toString());
    }
    assertTrue(requests.stream()
        .anyMatch(request -> request.get(2).equals("from peer " + owner + " (loaded there)")),
        "the requests that missed say the peer loaded the name: " + requests);
  }

  /** Sends {@value #CONCURRENT_REQUESTS} requests for {@code name} at once; checks the answers. */
  private List<List<String>> getConcurrently(String name) {
    List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
    for (int i = 0; i < CONCURRENT_REQUESTS; i++) {
      responses.add(cluster.getAsync("key=" + name));
    }
    for (CompletableFuture<HttpResponse<String>> response : responses) {
      assertEquals(200, response.join().statusCode());
      assertEquals(RunningCluster.scoreOf(name) + "\n", response.join().body());
    }
    List<List<String>> requests = cluster.requests();
    assertEquals(CONCURRENT_REQUESTS, requests.size(), "one log line per request");
    return requests;
  }

  private String request(String name) {
    return "[api " + cluster.apiNode().name() + "] GET " + name + " -> "
        + RunningCluster.scoreOf(name);
  }
}
