package io.peanutcache.samples.scores;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.peanutcache.samples.scores.database.ScoresDatabase;
import io.peanutcache.testing.FreePorts;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A port the demo needs that is taken stops the start with a message naming it. */
class PortInUseTest {

  private ScoresDatabase database;
  private ServerSocket taken;

  @BeforeEach
  void takeAPort() throws Exception {
    database = ScoresDatabase.create("scores-test-" + UUID.randomUUID(), Duration.ZERO);
    taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
  }

  @AfterEach
  void release() throws Exception {
    taken.close();
    database.close();
  }

  @Test
  void aNodePortInUseIsNamedAndTheOtherNodesStop() throws Exception {
    List<String> free = FreePorts.loopbackAddresses(2);
    String busy = "127.0.0.1:" + taken.getLocalPort();
    Discovery.StaticPeers peers = new Discovery.StaticPeers(List.of(free.get(0), busy, free.get(1)));
    List<Member> members = RunningCluster.membersAt(peers, peers.addresses());

    PortInUseException e = assertThrows(PortInUseException.class,
        () -> ScoresCluster.start(peers, Transport.PLAINTEXT, members, 0, database.loaderFactory(),
            line -> {}));

    assertEquals(PortInUseException.Kind.NODE, e.kind());
    assertEquals("the PeanutCache node cannot listen on " + busy + ": the port is in use",
        e.getMessage());
    // the node started before the failure was stopped: its port can be used again
    Discovery.StaticPeers again = new Discovery.StaticPeers(free);
    ScoresCluster.start(again, Transport.PLAINTEXT, RunningCluster.membersAt(again, free), 0,
        database.loaderFactory(), line -> {}).close();
  }

  @Test
  void theApiPortInUseIsNamed() throws Exception {
    Discovery.StaticPeers peers = new Discovery.StaticPeers(FreePorts.loopbackAddresses(3));
    List<Member> members = RunningCluster.membersAt(peers, peers.addresses());

    PortInUseException e = assertThrows(PortInUseException.class, () -> ScoresCluster.start(peers,
        Transport.PLAINTEXT, members, taken.getLocalPort(), database.loaderFactory(), line -> {}));

    assertEquals(PortInUseException.Kind.API, e.kind());
    assertEquals("the HTTP API cannot listen on 127.0.0.1:" + taken.getLocalPort()
        + ": the port is in use", e.getMessage());
  }
}
