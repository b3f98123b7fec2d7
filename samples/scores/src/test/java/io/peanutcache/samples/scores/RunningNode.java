package io.peanutcache.samples.scores;

import io.peanutcache.samples.scores.database.ScoresDatabase;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/** A real scores node on a free loopback port, with its own database, and a client to call it. */
final class RunningNode implements AutoCloseable {

  private final ScoresDatabase database;
  private final ScoresNode node;
  private final List<String> log = new CopyOnWriteArrayList<>();
  private final HttpClient client = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5))
      .build();

  private RunningNode(Duration queryDelay) throws IOException, SQLException {
    database = ScoresDatabase.create("scores-test-" + UUID.randomUUID(), queryDelay);
    try {
      node = ScoresNode.start(0, database, line -> {
        log.add(line);
        System.out.println(line);
      });
    } catch (IOException | RuntimeException e) {
      database.close();
      throw e;
    }
  }

  /** Starts a node whose database takes {@code queryDelay} per query. */
  static RunningNode start(Duration queryDelay) throws IOException, SQLException {
    return new RunningNode(queryDelay);
  }

  /** Sends {@code GET /api?<query>}; a null query sends {@code GET /api}. */
  HttpResponse<String> get(String query) throws IOException, InterruptedException {
    return send("GET", query);
  }

  /** Sends {@code GET /api?<query>} without waiting for the answer. */
  CompletableFuture<HttpResponse<String>> getAsync(String query) {
    return client.sendAsync(request("GET", query), HttpResponse.BodyHandlers.ofString());
  }

  /** Sends {@code <method> /api?<query>} with an empty body. */
  HttpResponse<String> send(String method, String query) throws IOException, InterruptedException {
    return client.send(request(method, query), HttpResponse.BodyHandlers.ofString());
  }

  private HttpRequest request(String method, String query) {
    URI uri = URI.create(node.apiUri() + (query == null ? "" : "?" + query));
    return HttpRequest.newBuilder(uri)
        .timeout(Duration.ofSeconds(30))
        .method(method, HttpRequest.BodyPublishers.noBody())
        .build();
  }

  /** How many times the database ran the score query, as the database counts it. */
  long databaseQueries() throws SQLException {
    return database.scoreQueries();
  }

  /** The node's log lines so far, one per request. */
  List<String> log() {
    return List.copyOf(log);
  }

  ScoresNode node() {
    return node;
  }

  @Override
  public void close() throws SQLException {
    node.close();
    database.close();
  }
}
