package io.peanutcache.samples.scores;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A node answers from the database once per name, and from the cache after that. */
class ReadThroughTest {

  private static final int CONCURRENT_REQUESTS = 16;

  private RunningNode node;

  @AfterEach
  void stop() throws Exception {
    if (node != null) {
      node.close();
    }
  }

  @Test
  void firstRequestForANameQueriesTheDatabase() throws Exception {
    node = RunningNode.start(Duration.ofMillis(20));

    HttpResponse<String> response = node.get("key=Tom");

    assertEquals(200, response.statusCode());
    assertEquals("630\n", response.body());
    assertEquals(1, node.databaseQueries());
    assertEquals(List.of("[scores] GET Tom -> 630 (loaded from the database"),
        prefixes(node.log()));
  }

  @Test
  void secondRequestForANameIsACacheHit() throws Exception {
    node = RunningNode.start(Duration.ofMillis(20));
    node.get("key=Tom");

    HttpResponse<String> response = node.get("key=Tom");

    assertEquals(200, response.statusCode());
    assertEquals("630\n", response.body());
    assertEquals(1, node.databaseQueries(), "the second request must not query the database");
    assertEquals(1, node.node().cache().statistics().getCacheHits());
    assertEquals(List.of(
        "[scores] GET Tom -> 630 (loaded from the database",
        "[scores] GET Tom -> 630 (hit"), prefixes(node.log()));
  }

  @Test
  void concurrentRequestsForANewNameQueryTheDatabaseOnce() throws Exception {
    // a long query, so that all the requests arrive while the first one's load is in flight
    node = RunningNode.start(Duration.ofSeconds(1));

    List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
    for (int i = 0; i < CONCURRENT_REQUESTS; i++) {
      responses.add(node.getAsync("key=Sam"));
    }

    for (CompletableFuture<HttpResponse<String>> response : responses) {
      assertEquals(200, response.join().statusCode());
      assertEquals("567\n", response.join().body());
    }
    assertEquals(1, node.databaseQueries(), "single flight: one query for all the requests");
    assertEquals(1, node.node().cache().engine().loads());
    assertTrue(node.node().cache().engine().loadsDeduped() > 0,
        "no request joined the load in flight, so this run did not exercise single flight");
    assertEquals(1, node.log().stream()
        .filter(line -> line.contains("loaded from the database")).count());
  }

  /** Each log line up to the comma before its timing, which varies from run to run. */
  private static List<String> prefixes(List<String> lines) {
    return lines.stream().map(line -> line.substring(0, line.lastIndexOf(','))).toList();
  }
}
