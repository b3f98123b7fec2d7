package io.peanutcache.samples.scores;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.peanutcache.samples.scores.database.ScoresDatabase;
import io.peanutcache.testing.FreePorts;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * Real scores nodes in this JVM on free loopback ports, with their own database, the API on the
 * first node, and a client to call it. The nodes find each other by a static peer list, or through
 * a real etcd, and talk plaintext or mutual TLS.
 */
final class RunningCluster implements AutoCloseable {

  /** The score given to the names a test adds to the database. */
  static final int ADDED_SCORE = 500;

  /** How many new names {@link #nameOwnedBy} tries before it decides no node fits. */
  private static final int NAMES_TO_TRY = 1000;

  private final ScoresDatabase database;
  private final List<Member> members;
  private final ScoresCluster cluster;
  private final List<String> log = new CopyOnWriteArrayList<>();
  private final HttpClient client = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5))
      .build();

  private RunningCluster(Discovery discovery, Transport transport, List<Member> members,
      Duration queryDelay) throws IOException, SQLException {
    database = ScoresDatabase.create("scores-test-" + UUID.randomUUID(), queryDelay);
    this.members = List.copyOf(members);
    try {
      cluster = ScoresCluster.start(discovery, transport, members, 0, database.loaderFactory(),
          line -> {
            log.add(line);
            System.out.println(line);
          });
    } catch (IOException | RuntimeException e) {
      database.close();
      throw e;
    }
  }

  /** Starts three nodes of a static peer list, whose database takes {@code queryDelay} per query. */
  static RunningCluster start(Duration queryDelay) throws IOException, SQLException {
    return start(Transport.PLAINTEXT, queryDelay);
  }

  /**
   * Starts three nodes of a static peer list that talk as {@code transport} says, whose database
   * takes {@code queryDelay} per query.
   */
  static RunningCluster start(Transport transport, Duration queryDelay)
      throws IOException, SQLException {
    Discovery.StaticPeers peers = new Discovery.StaticPeers(FreePorts.loopbackAddresses(3));
    return new RunningCluster(peers, transport, membersAt(peers, peers.addresses()), queryDelay);
  }

  /**
   * Starts three nodes, {@code node-1} to {@code node-3}, that register in {@code etcd} and find
   * each other there; their database takes {@code queryDelay} per query.
   */
  static RunningCluster startThroughEtcd(Discovery.Etcd etcd, Duration queryDelay)
      throws IOException, SQLException {
    return new RunningCluster(etcd, Transport.PLAINTEXT, membersAt(etcd,
        FreePorts.loopbackAddresses(3)), queryDelay);
  }

  /** The members at {@code addresses}, numbered from 1 and named as {@code discovery} names them. */
  static List<Member> membersAt(Discovery discovery, List<String> addresses) {
    List<Member> members = new ArrayList<>();
    for (int i = 0; i < addresses.size(); i++) {
      members.add(discovery.member(i + 1, addresses.get(i)));
    }
    return members;
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
    URI uri = URI.create(cluster.apiUri() + (query == null ? "" : "?" + query));
    return HttpRequest.newBuilder(uri)
        .timeout(Duration.ofSeconds(30))
        .method(method, HttpRequest.BodyPublishers.noBody())
        .build();
  }

  /**
   * A name the database holds whose owner passes {@code owner}: a seeded name if one fits, else a
   * new name added to the database, so that the test does not depend on where the ports put the
   * seeded names.
   */
  String nameOwnedBy(Predicate<String> owner) throws SQLException {
    ScoresNode api = apiNode();
    for (String name : ScoresDatabase.SEED.keySet()) {
      if (owner.test(api.cache().ownerOf(name))) {
        return name;
      }
    }
    for (int i = 1; i <= NAMES_TO_TRY; i++) {
      String name = "Player" + i;
      if (owner.test(api.cache().ownerOf(name))) {
        addScore(name);
        return name;
      }
    }
    throw new AssertionError("none of " + NAMES_TO_TRY + " names is owned by the node wanted;"
        + " the owners of the seeded names: " + ScoresDatabase.SEED.keySet().stream()
            .map(name -> name + " " + api.cache().ownerOf(name)).toList());
  }

  /** A name the database holds, owned by the node that serves the API. */
  String nameOwnedByTheApiNode() throws SQLException {
    String api = apiNode().name();
    return nameOwnedBy(api::equals);
  }

  /** A name the database holds, owned by another node than the one that serves the API. */
  String nameOwnedByAPeer() throws SQLException {
    String api = apiNode().name();
    return nameOwnedBy(owner -> !owner.equals(api));
  }

  /**
   * Asks the API for {@code name} twice, a first request and a second that follows it, and checks
   * that both answer 200 with the name's score.
   *
   * @param name a name of the database
   */
  void getsTheScoreTwice(String name) throws IOException, InterruptedException {
    HttpResponse<String> first = get("key=" + name);
    HttpResponse<String> second = get("key=" + name);
    assertEquals(200, first.statusCode());
    assertEquals(scoreOf(name) + "\n", first.body());
    assertEquals(200, second.statusCode());
    assertEquals(scoreOf(name) + "\n", second.body());
  }

  /** The score the database holds for a name from {@link #nameOwnedBy}. */
  static String scoreOf(String name) {
    Integer seeded = ScoresDatabase.SEED.get(name);
    return Integer.toString(seeded == null ? ADDED_SCORE : seeded);
  }

  private void addScore(String name) throws SQLException {
    try (Connection connection = DriverManager.getConnection(database.jdbcUrl());
        PreparedStatement insert =
            connection.prepareStatement("INSERT INTO scores (name, score) VALUES (?, ?)")) {
      insert.setString(1, name);
      insert.setInt(2, ADDED_SCORE);
      insert.executeUpdate();
    }
  }

  /** How many times the database ran the score query, as the database counts it. */
  long databaseQueries() throws SQLException {
    return database.scoreQueries();
  }

  /** The loads the node {@code name} ran as the owner, as PeanutCache counts them. */
  long loadsOn(String name) {
    return cluster.node(name).cache().engine().loads();
  }

  /** The loads every node ran. */
  long loadsInTheCluster() {
    return cluster.nodes().stream().mapToLong(node -> node.cache().engine().loads()).sum();
  }

  /** The API's log lines so far, one per request. */
  List<String> log() {
    return List.copyOf(log);
  }

  /**
   * The API's log lines split into their fields: the request, {@code owner <node>}, the source,
   * and the time, which varies from run to run and is left out.
   */
  List<List<String>> requests() {
    return log.stream()
        .map(line -> List.of(line.split(" \\| ")).subList(0, 3))
        .toList();
  }

  /** The nodes started, node 1 first: their names and addresses. */
  List<Member> members() {
    return members;
  }

  ScoresNode apiNode() {
    return cluster.apiNode();
  }

  ScoresCluster cluster() {
    return cluster;
  }

  @Override
  public void close() throws SQLException {
    cluster.close();
    database.close();
  }
}
