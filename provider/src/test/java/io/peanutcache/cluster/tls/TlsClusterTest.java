package io.peanutcache.cluster.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.peanutcache.cluster.Nodes;
import io.peanutcache.cluster.transport.proto.Header;
import io.peanutcache.cluster.transport.proto.PeerGrpc;
import io.peanutcache.cluster.transport.proto.PutMode;
import io.peanutcache.cluster.transport.proto.PutRequest;
import io.peanutcache.codec.ValueCodec;
import io.peanutcache.management.MBeanRegistry;
import io.peanutcache.settings.TlsSettings;
import io.peanutcache.testing.InJvmCluster;
import io.peanutcache.testing.TestCertificates;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import javax.cache.Cache;
import javax.cache.configuration.MutableConfiguration;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Three nodes whose peers talk mutual TLS, with certificates made for the test: the cluster's
 * operations work over it, and a client that talks plaintext, presents no certificate, one from
 * another authority or an expired one is refused and changes nothing.
 */
class TlsClusterTest {

  private static final Path FILES = TestCertificates.directory("peanutcache-tls");
  private static final TestCertificates AUTHORITY = TestCertificates.authority(FILES, "cluster");
  private static final TestCertificates.Issued NODE = AUTHORITY.issue("node");

  @RegisterExtension
  static final InJvmCluster cluster = InJvmCluster.of(3).rpcTimeout(Duration.ofSeconds(10)).with(Map.of(
      TlsSettings.CERTIFICATE_PROPERTY, NODE.certificate().toString(),
      TlsSettings.KEY_PROPERTY, NODE.key().toString(),
      TlsSettings.TRUST_PROPERTY, AUTHORITY.trust().toString()));

  private static final ValueCodec CODEC = new ValueCodec(TlsClusterTest.class.getClassLoader());

  @BeforeAll
  static void createCache() {
    cluster.manager(0).createCache("tls", new MutableConfiguration<String, String>()
        .setTypes(String.class, String.class));
  }

  private static Cache<String, String> cache(int index) {
    return cluster.manager(index).getCache("tls", String.class, String.class);
  }

  @Test
  void theNodesOperationsRunOverTls() {
    Map<String, String> written = cluster.putOneKeyOwnedByEachNode("tls");
    for (int index = 0; index < 3; index++) {
      assertEquals(written, cache(index).getAll(written.keySet()), "read on node " + index);
      for (Map.Entry<String, String> entry : written.entrySet()) {
        assertEquals(entry.getValue(), cache(index).get(entry.getKey()));
      }
    }
    String key = cluster.keyOwnedBy(2, "key-");
    assertEquals("value-2!", cache(0).invoke(key, (entry, arguments) -> {
      entry.setValue(entry.getValue() + "!");
      return entry.getValue();
    }));
    cache(1).removeAll(Set.copyOf(written.keySet()));
    assertEquals(Map.of(), cache(2).getAll(written.keySet()));
  }

  @Test
  void theNodesViewSaysTlsIsOn() throws Exception {
    for (int index = 0; index < 3; index++) {
      assertEquals(true, ManagementFactory.getPlatformMBeanServer()
          .getAttribute(MBeanRegistry.nodeObjectName(cluster.address(index)), "Tls"), "node " + index);
    }
  }

  @Test
  void aPlaintextClientIsRefused() {
    assertRefused(address -> ManagedChannelBuilder.forTarget(address).usePlaintext().build());
  }

  @Test
  void aClientWithoutACertificateIsRefused() {
    assertRefused(address -> tlsChannel(address, GrpcSslContexts.forClient().trustManager(AUTHORITY.trust().toFile())));
  }

  @Test
  void aClientWithACertificateOfAnotherAuthorityIsRefused() {
    TestCertificates.Issued stranger = TestCertificates.authority(FILES, "other").issue("stranger");
    assertRefused(address -> tlsChannel(address, GrpcSslContexts.forClient()
        .keyManager(stranger.certificate().toFile(), stranger.key().toFile())
        .trustManager(AUTHORITY.trust().toFile())));
  }

  @Test
  void aClientWithAnExpiredCertificateIsRefused() {
    Instant now = Instant.now();
    TestCertificates.Issued expired = AUTHORITY.issue("expired", now.minus(Duration.ofDays(10)),
        now.minus(Duration.ofDays(1)));
    assertRefused(address -> tlsChannel(address, GrpcSslContexts.forClient()
        .keyManager(expired.certificate().toFile(), expired.key().toFile())
        .trustManager(AUTHORITY.trust().toFile())));
  }

  private static ManagedChannel tlsChannel(String address, SslContextBuilder context) {
    try {
      return NettyChannelBuilder.forTarget(address).sslContext(context.build()).build();
    } catch (SSLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Asserts that a put through such a client fails and that the entry stays as it was. */
  private static void assertRefused(Function<String, ManagedChannel> client) {
    String key = cluster.keyOwnedBy(1, "key-");
    cache(0).put(key, "intact");
    ManagedChannel channel = client.apply(cluster.address(1));
    try {
      Header header = Header.newBuilder().setCacheUri(InJvmCluster.URI.toString()).setCacheName("tls")
          .setEpoch(Nodes.of(cluster.manager(0)).view().epoch()).setSender(cluster.address(0)).build();
      StatusRuntimeException refused = assertThrows(StatusRuntimeException.class, () ->
          PeerGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS).put(PutRequest.newBuilder()
              .setHeader(header).setKey(ByteString.copyFrom(CODEC.encode(key)))
              .setValue(ByteString.copyFrom(CODEC.encode("forged"))).setMode(PutMode.PUT).build()));
      assertEquals(Status.Code.UNAVAILABLE, refused.getStatus().getCode(), refused.getMessage());
    } finally {
      channel.shutdownNow();
    }
    assertEquals("intact", cache(2).get(key), "the entry stays as it was");
    assertEquals("intact", cache(1).get(key));
  }
}
