package io.peanutcache.samples.scores;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The demo's options, their defaults, and the messages for wrong ones. */
class CommandLineTest {

  @Test
  void defaultsToThreeNodesInThisJvmOn7001AndTheApiOn9999() {
    CommandLine options = CommandLine.parse();

    assertEquals(new CommandLine(3, 7001, 9999, Duration.ofMillis(300), 0, List.of(), 9092, false),
        options);
    assertEquals(List.of("127.0.0.1:7001", "127.0.0.1:7002", "127.0.0.1:7003"),
        options.peerAddresses());
    assertEquals(options.peerAddresses(), options.here());
  }

  @Test
  void readsBothOptionSpellings() {
    CommandLine options = CommandLine.parse("--port", "0", "--delay-ms=50", "--nodes=1",
        "--node-port", "8001");

    assertEquals(new CommandLine(1, 8001, 0, Duration.ofMillis(50), 0, List.of(), 9092, false),
        options);
    assertEquals(List.of("127.0.0.1:8001"), options.here());
  }

  @Test
  void runsOneNodeOfThePeersWithItsApiOn9998PlusItsNumber() {
    CommandLine options = CommandLine.parse("--node", "2", "--peers",
        "127.0.0.1:7001, 127.0.0.1:7002,127.0.0.1:7003");

    assertEquals(List.of("127.0.0.1:7001", "127.0.0.1:7002", "127.0.0.1:7003"),
        options.peerAddresses());
    assertEquals(List.of("127.0.0.1:7002"), options.here());
    assertEquals(10000, options.port());
    assertEquals("127.0.0.1", options.databaseHost());
  }

  @Test
  void namesTheOptionAndTheAllowedRangeOfAWrongValue() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> CommandLine.parse("--port", "70000"));

    assertEquals("--port is 70000; allowed: a whole number from 0 to 65535", e.getMessage());
  }

  @Test
  void namesAnUnknownOptionAndTheAllowedOnes() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> CommandLine.parse("--peer", "x"));

    assertEquals("unknown option --peer; allowed: --nodes N, --node-port N, --port N,"
        + " --delay-ms N, --node I, --peers LIST, --database-port N, --help", e.getMessage());
  }

  @Test
  void aNodeNeedsThePeerList() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> CommandLine.parse("--node", "2"));

    assertEquals("--node needs --peers HOST:PORT,...: every node's address, this one included,"
        + " the same list on every node", e.getMessage());
  }

  @Test
  void aNodeMustBeOneOfThePeers() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> CommandLine.parse("--node", "3", "--peers", "127.0.0.1:7001,127.0.0.1:7002"));

    assertEquals("--node is 3; allowed: a whole number from 1 to 2, the number of --peers",
        e.getMessage());
  }

  @Test
  void thePeerListIsOnlyForOneNode() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> CommandLine.parse("--peers", "127.0.0.1:7001"));

    assertEquals("--peers goes with --node I, which runs node I of --peers alone; without --node,"
        + " every node runs in this JVM", e.getMessage());
  }

  @Test
  void aPeerMustBeHostAndPort() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> CommandLine.parse("--node", "1", "--peers", "127.0.0.1:7001,7002"));

    assertEquals("--peers has \"7002\"; allowed: a comma-separated list of host:port, for"
        + " example 127.0.0.1:7001,127.0.0.1:7002", e.getMessage());
  }

  @Test
  void theNodesPortsMustFitBelow65536() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> CommandLine.parse("--node-port", "65535"));

    assertEquals("--node-port is 65535; allowed: a whole number from 1 to 65533, so that the 3"
        + " nodes' ports are at most 65535", e.getMessage());
  }
}
