package io.peanutcache.samples.scores;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A request the API cannot answer with a score gets a status and a message saying why. One
 * cluster serves every test here, so a test checks counts as differences.
 */
class ApiErrorsTest {

  private static final String USAGE = "expected GET /api?key=<name>, for example /api?key=Tom\n";

  private static RunningCluster cluster;

  @BeforeAll
  static void start() throws Exception {
    cluster = RunningCluster.start(Duration.ofMillis(20));
  }

  @AfterAll
  static void stop() throws Exception {
    cluster.close();
  }

  @Test
  void unknownNameIsNotFoundAfterItsOwnerQueriedTheDatabase() throws Exception {
    String owner = cluster.apiNode().cache().ownerOf("Nobody");
    long queries = cluster.databaseQueries();
    long ownerLoads = cluster.loadsOn(owner);

    HttpResponse<String> response = cluster.get("key=Nobody");

    assertEquals(404, response.statusCode());
    assertEquals("no score for Nobody: the database has no such name\n", response.body());
    assertEquals(queries + 1, cluster.databaseQueries());
    assertEquals(ownerLoads + 1, cluster.loadsOn(owner), "the owner queried the database");
    String line = cluster.log().get(cluster.log().size() - 1);
    assertTrue(line.contains("] GET Nobody -> not found | owner " + owner + " | "), line);
  }

  @Test
  void missingKeyIsABadRequest() throws Exception {
    HttpResponse<String> response = cluster.get(null);

    assertEquals(400, response.statusCode());
    assertEquals("missing or blank query parameter 'key'; " + USAGE, response.body());
  }

  @Test
  void blankKeyIsABadRequest() throws Exception {
    HttpResponse<String> response = cluster.get("key=%20");

    assertEquals(400, response.statusCode());
    assertEquals("missing or blank query parameter 'key'; " + USAGE, response.body());
  }

  @Test
  void otherMethodsThanGetAreNotAllowed() throws Exception {
    HttpResponse<String> response = cluster.send("POST", "key=Tom");

    assertEquals(405, response.statusCode());
    assertEquals("GET", response.headers().firstValue("Allow").orElse(null));
    assertEquals("method POST is not allowed; " + USAGE, response.body());
  }
}
