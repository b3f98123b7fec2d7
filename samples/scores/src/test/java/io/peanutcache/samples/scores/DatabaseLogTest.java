package io.peanutcache.samples.scores;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each node's loader names its node in the line it prints per database query. */
class DatabaseLogTest {

  private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
  private PrintStream standardOut;
  private RunningCluster cluster;

  @BeforeEach
  void captureStandardOut() {
    standardOut = System.out;
    System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void stop() throws Exception {
    try {
      if (cluster != null) {
        cluster.close();
      }
    } finally {
      System.setOut(standardOut);
      System.out.print(printed.toString(StandardCharsets.UTF_8));
    }
  }

  @Test
  void theQueryOfANameIsLoggedByItsOwnerNode() throws Exception {
    cluster = RunningCluster.start(Duration.ZERO);
    String local = cluster.nameOwnedByTheApiNode();
    String remote = cluster.nameOwnedByAPeer();
    String remoteOwner = cluster.apiNode().cache().ownerOf(remote);

    cluster.get("key=" + local);
    cluster.get("key=" + remote);

    assertEquals(List.of(
        "[database] node " + cluster.apiNode().name() + " SELECT score for " + local,
        "[database] node " + remoteOwner + " SELECT score for " + remote), databaseLines());
  }

  /** The database lines printed so far, up to the query time, which varies from run to run. */
  private List<String> databaseLines() {
    return printed.toString(StandardCharsets.UTF_8).lines()
        .filter(line -> line.startsWith("[database]"))
        .map(line -> line.substring(0, line.lastIndexOf(" (")))
        .toList();
  }
}
