package io.peanutcache.samples.scores;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A request the API cannot answer with a score gets a status and a message saying why. */
class ApiErrorsTest {

  private static final String USAGE = "expected GET /api?key=<name>, for example /api?key=Tom\n";

  private static RunningNode node;

  @BeforeAll
  static void start() throws Exception {
    node = RunningNode.start(Duration.ofMillis(20));
  }

  @AfterAll
  static void stop() throws Exception {
    node.close();
  }

  @Test
  void unknownNameIsNotFound() throws Exception {
    HttpResponse<String> response = node.get("key=Nobody");

    assertEquals(404, response.statusCode());
    assertEquals("no score for Nobody: the database has no such name\n", response.body());
  }

  @Test
  void missingKeyIsABadRequest() throws Exception {
    HttpResponse<String> response = node.get(null);

    assertEquals(400, response.statusCode());
    assertEquals("missing or blank query parameter 'key'; " + USAGE, response.body());
  }

  @Test
  void blankKeyIsABadRequest() throws Exception {
    HttpResponse<String> response = node.get("key=%20");

    assertEquals(400, response.statusCode());
    assertEquals("missing or blank query parameter 'key'; " + USAGE, response.body());
  }

  @Test
  void otherMethodsThanGetAreNotAllowed() throws Exception {
    HttpResponse<String> response = node.send("POST", "key=Tom");

    assertEquals(405, response.statusCode());
    assertEquals("GET", response.headers().firstValue("Allow").orElse(null));
    assertEquals("method POST is not allowed; " + USAGE, response.body());
  }
}
