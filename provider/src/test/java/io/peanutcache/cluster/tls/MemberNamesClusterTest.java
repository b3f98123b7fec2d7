package io.peanutcache.cluster.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import io.peanutcache.cluster.Nodes;
import io.peanutcache.cluster.membership.Member;
import io.peanutcache.cluster.transport.PeerClient;
import io.peanutcache.cluster.transport.proto.Header;
import io.peanutcache.cluster.transport.proto.KeyRequest;
import io.peanutcache.cluster.transport.proto.PeerGrpc;
import io.peanutcache.cluster.transport.proto.PutMode;
import io.peanutcache.cluster.transport.proto.PutRequest;
import io.peanutcache.cluster.transport.proto.Reply;
import io.peanutcache.codec.ValueCodec;
import io.peanutcache.settings.NodeSettings;
import io.peanutcache.settings.TlsSettings;
import io.peanutcache.testing.InJvmCluster;
import io.peanutcache.testing.LogCapture;
import io.peanutcache.testing.TestCertificates;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import javax.cache.Cache;
import javax.cache.configuration.MutableConfiguration;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Three nodes with {@code peanutcache.tls.member-names} on, each holding a PKCS#12 keystore whose
 * certificate names it ({@code URI:peanutcache:<address>}, as a static peer list names nodes by
 * their address): they work together, a member's certificate cannot be used to speak for another
 * member, and a node calls a peer only if the peer's certificate names the member it meant to call
 * and the host it dialled.
 */
class MemberNamesClusterTest {

  private static final Path FILES = TestCertificates.directory("peanutcache-member-names");
  private static final TestCertificates AUTHORITY = TestCertificates.authority(FILES, "members");
  private static final Map<String, TestCertificates.Issued> CERTIFICATES = new ConcurrentHashMap<>();
  private static final String PASSWORD = "keystore password";

  @RegisterExtension
  static final InJvmCluster cluster = InJvmCluster.of(3).rpcTimeout(Duration.ofSeconds(10))
      .with(Map.of(TlsSettings.TRUST_PROPERTY, AUTHORITY.trust().toString(),
          TlsSettings.MEMBER_NAMES_PROPERTY, "true"))
      .withEach(name -> Map.of(
          TlsSettings.KEYSTORE_PROPERTY, certificateOf(name).keystore(FILES.resolve(file(name) + ".p12"), PASSWORD)
              .toString(),
          TlsSettings.KEYSTORE_PASSWORD_PROPERTY, PASSWORD));

  private static final ValueCodec CODEC = new ValueCodec(MemberNamesClusterTest.class.getClassLoader());

  @RegisterExtension
  static final LogCapture TLS_LOG = LogCapture.of("io.peanutcache.cluster.transport.PeerTls");

  /** The certificate of the node of this name: it names the node as a URI. */
  private static TestCertificates.Issued certificateOf(String name) {
    return CERTIFICATES.computeIfAbsent(name, node -> AUTHORITY.issueNaming(file(node), "URI:peanutcache:" + node));
  }

  private static String file(String name) {
    return name.replace(':', '-');
  }

  @BeforeAll
  static void createCache() {
    cluster.manager(0).createCache("members", new MutableConfiguration<String, String>()
        .setTypes(String.class, String.class));
  }

  private static Cache<String, String> cache(int index) {
    return cluster.manager(index).getCache("members", String.class, String.class);
  }

  @Test
  void theMembersWorkTogetherWhenEachCertificateNamesItsMember() {
    Map<String, String> written = cluster.putOneKeyOwnedByEachNode("members");
    for (int index = 0; index < 3; index++) {
      assertEquals(written, cache(index).getAll(written.keySet()), "read on node " + index);
    }
    String key = cluster.keyOwnedBy(2, "key-");
    assertEquals("value-2!", cache(0).invoke(key, (entry, arguments) -> {
      entry.setValue(entry.getValue() + "!");
      return entry.getValue();
    }));
    cache(1).clear(); // a call only members make, to every node
    assertEquals(Map.of(), cache(2).getAll(written.keySet()));
  }

  @Test
  void aMembersCertificateCannotClaimAnotherMember() {
    StatusRuntimeException refused = assertPutRefused(certificateOf(cluster.address(0)), cluster.address(2),
        cluster.address(2));

    assertTrue(refused.getStatus().getDescription().contains("the call claims the sender "
        + cluster.address(2) + ", but the caller's certificate"), refused.getStatus().getDescription());
    assertTrue(refused.getStatus().getDescription().contains("URI:peanutcache:" + cluster.address(0)),
        refused.getStatus().getDescription());
  }

  @Test
  void aRequestCannotNameAnotherSenderThanTheCertifiedOne() {
    StatusRuntimeException refused = assertPutRefused(certificateOf(cluster.address(0)), cluster.address(0),
        cluster.address(2));

    assertTrue(refused.getStatus().getDescription().contains("its request names the sender \""
        + cluster.address(2) + "\", but the call comes from member " + cluster.address(0)),
        refused.getStatus().getDescription());
  }

  @Test
  void aCallThatNamesNoSenderIsRefused() {
    StatusRuntimeException refused = assertPutRefused(certificateOf(cluster.address(0)), null, cluster.address(0));

    assertTrue(refused.getStatus().getDescription().contains("the call names no sender"),
        refused.getStatus().getDescription());
  }

  @Test
  void aCertificateOfTheAuthorityThatNamesNoMemberIsRefused() {
    StatusRuntimeException refused = assertPutRefused(AUTHORITY.issue("stranger"), cluster.address(0),
        cluster.address(0));

    assertTrue(refused.getStatus().getDescription().contains("names DNS:localhost, IP:127.0.0.1;"),
        refused.getStatus().getDescription());
  }

  /**
   * Asserts that a put to node 1 over TLS with {@code certificate}, naming {@code callSender} as
   * the call's sender (none if null) and {@code requestSender} in the request, fails with
   * PERMISSION_DENIED and changes nothing.
   */
  private static StatusRuntimeException assertPutRefused(TestCertificates.Issued certificate, String callSender,
      String requestSender) {
    String key = cluster.keyOwnedBy(1, "key-");
    cache(0).put(key, "intact");
    NettyChannelBuilder builder;
    try {
      builder = NettyChannelBuilder.forTarget(cluster.address(1)).sslContext(GrpcSslContexts.forClient()
          .keyManager(certificate.certificate().toFile(), certificate.key().toFile())
          .trustManager(AUTHORITY.trust().toFile()).build());
    } catch (SSLException e) {
      throw new IllegalStateException(e);
    }
    if (callSender != null) {
      Metadata headers = new Metadata();
      headers.put(Metadata.Key.of("peanutcache-sender-bin", Metadata.BINARY_BYTE_MARSHALLER),
          callSender.getBytes(StandardCharsets.UTF_8));
      builder.intercept(MetadataUtils.newAttachHeadersInterceptor(headers));
    }
    ManagedChannel channel = builder.build();
    StatusRuntimeException refused;
    try {
      Header header = Header.newBuilder().setCacheUri(InJvmCluster.URI.toString()).setCacheName("members")
          .setEpoch(Nodes.of(cluster.manager(0)).view().epoch()).setSender(requestSender).build();
      refused = assertThrows(StatusRuntimeException.class, () ->
          PeerGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS).put(PutRequest.newBuilder()
              .setHeader(header).setKey(ByteString.copyFrom(CODEC.encode(key)))
              .setValue(ByteString.copyFrom(CODEC.encode("forged"))).setMode(PutMode.PUT).build()));
    } finally {
      channel.shutdownNow();
    }
    assertEquals(Status.Code.PERMISSION_DENIED, refused.getStatus().getCode(), refused.getMessage());
    assertEquals("intact", cache(2).get(key), "the entry stays as it was");
    return refused;
  }

  @Test
  void aNodeCallsAPeerWhoseCertificateNamesTheMemberAndTheHost() throws IOException {
    try (FakePeer peer = new FakePeer(AUTHORITY.issueNamingOnly("fake-named", "IP:127.0.0.1",
        "URI:peanutcache:fake-member"))) {
      try (PeerClient client = node0Client(new Member("fake-member", peer.address()))) {
        get(client);
      }
      assertEquals(1, peer.calls.get());
    }
  }

  @Test
  void aNodeRefusesAPeerWhoseCertificateNamesAnotherMember() throws IOException {
    try (FakePeer peer = new FakePeer(AUTHORITY.issueNamingOnly("fake-other", "IP:127.0.0.1",
        "URI:peanutcache:another-member"))) {
      try (PeerClient client = node0Client(new Member("fake-member", peer.address()))) {
        StatusRuntimeException refused = assertThrows(StatusRuntimeException.class, () -> get(client));
        assertEquals(Status.Code.UNAVAILABLE, refused.getStatus().getCode(), refused.getMessage());
      }
      assertEquals(0, peer.calls.get(), "the peer got no call");
    }
    List<String> warnings = TLS_LOG.messagesAtLeast(Level.ALL);
    assertTrue(warnings.stream().anyMatch(line -> line.contains("called member fake-member at 127.0.0.1:")
        && line.contains("names IP:127.0.0.1, URI:peanutcache:another-member")), warnings.toString());
  }

  @Test
  void aNodeRefusesAPeerWhoseCertificateDoesNotNameTheHostItDialled() throws IOException {
    try (FakePeer peer = new FakePeer(AUTHORITY.issueNamingOnly("fake-elsewhere", "DNS:elsewhere.example",
        "URI:peanutcache:fake-member"))) {
      try (PeerClient client = node0Client(new Member("fake-member", peer.address()))) {
        StatusRuntimeException refused = assertThrows(StatusRuntimeException.class, () -> get(client));
        assertEquals(Status.Code.UNAVAILABLE, refused.getStatus().getCode(), refused.getMessage());
      }
      assertEquals(0, peer.calls.get(), "the peer got no call");
    }
  }

  /** A client of {@code peer} as node 0 makes it: its certificate, its name, member names on. */
  private static PeerClient node0Client(Member peer) {
    TestCertificates.Issued node0 = certificateOf(cluster.address(0));
    Properties settings = new Properties();
    settings.setProperty("peanutcache.node.name", cluster.address(0));
    settings.setProperty(TlsSettings.CERTIFICATE_PROPERTY, node0.certificate().toString());
    settings.setProperty(TlsSettings.KEY_PROPERTY, node0.key().toString());
    settings.setProperty(TlsSettings.TRUST_PROPERTY, AUTHORITY.trust().toString());
    settings.setProperty(TlsSettings.MEMBER_NAMES_PROPERTY, "true");
    return new PeerClient(peer, NodeSettings.resolve(settings, new Properties(), Map.of(), null, null));
  }

  /**
   * A get through the client's stub that does not wait for a connection: it fails with UNAVAILABLE
   * once the connection attempt has failed.
   */
  private static void get(PeerClient client) {
    Header header = Header.newBuilder().setCacheUri(InJvmCluster.URI.toString()).setCacheName("members")
        .setSender(cluster.address(0)).build();
    CompletableFuture<Reply> reply = new CompletableFuture<>();
    client.asyncStub().get(KeyRequest.newBuilder().setHeader(header).setKey(ByteString.copyFromUtf8("k")).build(),
        new StreamObserver<>() {
          @Override
          public void onNext(Reply value) {
            reply.complete(value);
          }

          @Override
          public void onError(Throwable failure) {
            reply.completeExceptionally(failure);
          }

          @Override
          public void onCompleted() {}
        });
    try {
      reply.get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw (StatusRuntimeException) e.getCause();
    } catch (InterruptedException | TimeoutException e) {
      throw new AssertionError("no reply nor failure", e);
    }
  }

  /** A server of the peer service on loopback, over mutual TLS with a certificate of the test's, that counts its calls. */
  private static final class FakePeer implements AutoCloseable {
    final AtomicInteger calls = new AtomicInteger();
    private final Server server;

    FakePeer(TestCertificates.Issued certificate) throws IOException {
      server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
          .sslContext(GrpcSslContexts.forServer(certificate.certificate().toFile(), certificate.key().toFile())
              .trustManager(AUTHORITY.trust().toFile()).clientAuth(ClientAuth.REQUIRE).build())
          .addService(new PeerGrpc.PeerImplBase() {
            @Override
            public void get(KeyRequest request, StreamObserver<Reply> out) {
              calls.incrementAndGet();
              out.onNext(Reply.getDefaultInstance());
              out.onCompleted();
            }
          })
          .build()
          .start();
    }

    String address() {
      return "127.0.0.1:" + server.getPort();
    }

    @Override
    public void close() {
      server.shutdownNow();
    }
  }
}
