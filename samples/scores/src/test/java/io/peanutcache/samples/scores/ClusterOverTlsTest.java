package io.peanutcache.samples.scores;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.peanutcache.management.MBeanRegistry;
import io.peanutcache.testing.ProbeCall;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three nodes in this JVM started with {@code --tls DIR}, DIR holding the files of the README's
 * {@code openssl} recipe made for the test: a name another node owns is loaded and hit there,
 * through calls over TLS; every node says TLS is on; and every node's port refuses a plaintext
 * client.
 */
class ClusterOverTlsTest {

  @TempDir
  static Path certificates;

  private static RunningCluster cluster;

  @BeforeAll
  static void start() throws Exception {
    Transport tls = CommandLine.parse("--tls", RecipeFiles.makeIn(certificates).toString())
        .transport();
    cluster = RunningCluster.start(tls, Duration.ofMillis(20));
  }

  @AfterAll
  static void stop() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void aNameOwnedByAnotherNodeIsLoadedThereAndThenHitThere() throws Exception {
    String name = cluster.nameOwnedByAPeer();
    String owner = cluster.apiNode().cache().ownerOf(name);
    assertNotEquals(cluster.apiNode().name(), owner);

    cluster.getsTheScoreTwice(name);

    assertEquals(1, cluster.loadsOn(owner), "the node that owns the name loads it");
    List<List<String>> requests = cluster.requests();
    assertEquals(List.of("owner " + owner, "from peer " + owner + " (loaded there)"),
        requests.get(requests.size() - 2).subList(1, 3));
    assertEquals(List.of("owner " + owner, "from peer " + owner + " (hit there)"),
        requests.get(requests.size() - 1).subList(1, 3));
  }

  @Test
  void everyNodeSaysItTalksTls() throws Exception {
    for (Member member : cluster.members()) {
      assertEquals(true, ManagementFactory.getPlatformMBeanServer().getAttribute(
          MBeanRegistry.nodeObjectName(member.name()), "Tls"), member.name());
    }
  }

  @Test
  void everyNodeRefusesAPlaintextClient() {
    for (Member member : cluster.members()) {
      // a plaintext node would read the call and answer UNIMPLEMENTED
      assertEquals(Status.Code.UNAVAILABLE, callInPlaintext(member.address()), member.name());
    }
  }

  /** The status of a call, in plaintext, of a method no node serves. */
  private static Status.Code callInPlaintext(String address) {
    return ProbeCall.status(NettyChannelBuilder.forTarget(address).usePlaintext().build(), Duration.ofSeconds(20));
  }
}
