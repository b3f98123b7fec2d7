package io.peanutcache.samples.scores;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.peanutcache.management.MBeanRegistry;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
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

    HttpResponse<String> first = cluster.get("key=" + name);
    HttpResponse<String> second = cluster.get("key=" + name);

    assertEquals(200, first.statusCode());
    assertEquals(RunningCluster.scoreOf(name) + "\n", first.body());
    assertEquals(200, second.statusCode());
    assertEquals(RunningCluster.scoreOf(name) + "\n", second.body());
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
    ManagedChannel channel = NettyChannelBuilder.forTarget(address).usePlaintext().build();
    try {
      ClientCalls.blockingUnaryCall(channel, NO_SUCH_METHOD,
          CallOptions.DEFAULT.withDeadlineAfter(20, TimeUnit.SECONDS), new byte[0]);
      return Status.Code.OK;
    } catch (StatusRuntimeException e) {
      return e.getStatus().getCode();
    } finally {
      channel.shutdownNow();
    }
  }

  /** Passes a call's bytes as they are. */
  private static final class Bytes implements MethodDescriptor.Marshaller<byte[]> {
    @Override
    public InputStream stream(byte[] value) {
      return new ByteArrayInputStream(value);
    }

    @Override
    public byte[] parse(InputStream stream) {
      try {
        return stream.readAllBytes();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** A method no node serves: a plaintext node reads the call and answers UNIMPLEMENTED. */
  private static final MethodDescriptor<byte[], byte[]> NO_SUCH_METHOD =
      MethodDescriptor.<byte[], byte[]>newBuilder()
          .setType(MethodDescriptor.MethodType.UNARY)
          .setFullMethodName("scores.test.Probe/NoSuchMethod")
          .setRequestMarshaller(new Bytes())
          .setResponseMarshaller(new Bytes())
          .build();
}
