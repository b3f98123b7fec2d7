package io.peanutcache.cluster.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.peanutcache.PeerException;
import io.peanutcache.cluster.ring.PartitionTable;
import io.peanutcache.cluster.transport.proto.Header;
import io.peanutcache.cluster.transport.proto.KeyRequest;
import io.peanutcache.cluster.transport.proto.PeerGrpc;
import io.peanutcache.cluster.transport.proto.PutMode;
import io.peanutcache.cluster.transport.proto.PutRequest;
import io.peanutcache.cluster.transport.proto.Reply;
import io.peanutcache.codec.ValueCodec;
import io.peanutcache.testing.InJvmCluster;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two nodes whose largest message is 1 MiB ({@code peanutcache.max-message-size}): a larger
 * request from a raw client is refused and the node goes on serving; a larger value is refused on
 * the node that would send it, before it is sent, naming the setting; a reply that would be larger
 * is refused by the owner, naming it too.
 */
class MessageSizeLimitTest {

  private static final int LIMIT = 1 << 20;

  @RegisterExtension
  static final InJvmCluster cluster = InJvmCluster.of(2).with("peanutcache.max-message-size", "1MiB");

  private static final ValueCodec CODEC = new ValueCodec(MessageSizeLimitTest.class.getClassLoader());
  private static PartitionTable table;
  private static Cache<String, byte[]> fromNode0;
  private static Cache<String, byte[]> onTheOwner;
  private final List<ManagedChannel> channels = new ArrayList<>();

  @BeforeAll
  static void createTheCache() {
    table = PartitionTable.of(cluster.addresses());
    fromNode0 = cluster.manager(0).createCache("blobs",
        new MutableConfiguration<String, byte[]>().setTypes(String.class, byte[].class));
    onTheOwner = cluster.manager(1).getCache("blobs", String.class, byte[].class);
  }

  @AfterEach
  void closeTheRawClient() throws InterruptedException {
    for (ManagedChannel channel : channels) {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  private static String keyOwnedByNode1(String prefix) {
    for (int i = 0; ; i++) {
      String key = prefix + "-" + i;
      if (table.ownerOfKey(CODEC.encode(key)).equals(cluster.address(1))) {
        return key;
      }
    }
  }

  private static Header header() {
    return Header.newBuilder().setCacheUri(InJvmCluster.URI.toString()).setCacheName("blobs")
        .setEpoch(1).setSender(cluster.address(0)).build();
  }

  private PeerGrpc.PeerBlockingStub rawStubOfNode1() {
    ManagedChannel channel = NettyChannelBuilder.forTarget(cluster.address(1)).usePlaintext().build();
    channels.add(channel);
    return PeerGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
  }

  @Test
  void aRequestOverTheLimitFromARawClientIsRefusedAndTheNodeStillServes() {
    String key = keyOwnedByNode1("raw");
    PeerGrpc.PeerBlockingStub stub = rawStubOfNode1();
    byte[] twoMib = new byte[2 * LIMIT];

    StatusRuntimeException refused = assertThrows(StatusRuntimeException.class, () -> stub.put(
        PutRequest.newBuilder().setHeader(header()).setKey(ByteString.copyFrom(CODEC.encode(key)))
            .setValue(ByteString.copyFrom(CODEC.encode(twoMib))).setMode(PutMode.PUT).build()));

    assertEquals(Status.Code.RESOURCE_EXHAUSTED, refused.getStatus().getCode(), refused.toString());
    assertFalse(onTheOwner.containsKey(key), "nothing was stored");
    // the node still serves, this client as any other
    Reply stored = rawStubOfNode1().put(PutRequest.newBuilder().setHeader(header())
        .setKey(ByteString.copyFrom(CODEC.encode(key))).setValue(ByteString.copyFrom(CODEC.encode(new byte[] {7})))
        .setMode(PutMode.PUT).build());
    assertFalse(stored.hasFailure());
    assertArrayEquals(new byte[] {7}, fromNode0.get(key));
  }

  @Test
  void aPutOverTheLimitIsRefusedBeforeItIsSentNamingTheSettingAndTheCacheStaysAsItWas() {
    String key = keyOwnedByNode1("put");
    fromNode0.put(key, new byte[] {1, 2, 3});

    CacheException refused = assertThrows(CacheException.class, () -> fromNode0.put(key, new byte[2 * LIMIT]));

    assertFalse(refused instanceof PeerException, "refused on the sender, not by the peer: " + refused);
    assertTrue(refused.getMessage().contains("peanutcache.max-message-size"), refused.getMessage());
    assertTrue(refused.getMessage().contains("the " + LIMIT + " that"), refused.getMessage());
    assertTrue(refused.getMessage().contains(cluster.address(1)), "names the peer: " + refused.getMessage());
    assertTrue(refused.getMessage().contains("not sent"), refused.getMessage());
    assertArrayEquals(new byte[] {1, 2, 3}, fromNode0.get(key));
    assertArrayEquals(new byte[] {1, 2, 3}, onTheOwner.get(key));
  }

  @Test
  void aReplyOverTheLimitIsRefusedByTheOwnerNamingTheSetting() {
    String key = keyOwnedByNode1("reply");
    // stored on its owner directly: no message carries it there
    onTheOwner.put(key, new byte[2 * LIMIT]);

    PeerException refused = assertThrows(PeerException.class, () -> fromNode0.get(key));

    assertEquals("RESOURCE_EXHAUSTED", refused.status());
    assertTrue(refused.getMessage().contains("peanutcache.max-message-size"), refused.getMessage());
    assertTrue(refused.getMessage().contains("the reply to Get from node " + cluster.address(1)),
        refused.getMessage());
    // the owner goes on serving
    onTheOwner.put(key, new byte[] {4});
    assertArrayEquals(new byte[] {4}, fromNode0.get(key));
  }

  @Test
  void aRawClientRequestUnderTheLimitIsServed() {
    String key = keyOwnedByNode1("small");
    onTheOwner.put(key, new byte[LIMIT / 2]);

    Reply reply = rawStubOfNode1().get(KeyRequest.newBuilder().setHeader(header())
        .setKey(ByteString.copyFrom(CODEC.encode(key))).build());

    assertInstanceOf(byte[].class, CODEC.decode(reply.getValue().toByteArray()));
    assertEquals(LIMIT / 2, ((byte[]) CODEC.decode(reply.getValue().toByteArray())).length);
  }
}
