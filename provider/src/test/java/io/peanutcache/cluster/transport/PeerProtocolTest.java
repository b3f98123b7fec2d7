package io.peanutcache.cluster.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.peanutcache.PeanutConfiguration;
import io.peanutcache.PeerException;
import io.peanutcache.cluster.Node;
import io.peanutcache.cluster.Nodes;
import io.peanutcache.cluster.hosting.CacheId;
import io.peanutcache.cluster.membership.Member;
import io.peanutcache.cluster.ring.PartitionTable;
import io.peanutcache.cluster.transport.proto.Header;
import io.peanutcache.cluster.transport.proto.KeyRequest;
import io.peanutcache.cluster.transport.proto.PutMode;
import io.peanutcache.cluster.transport.proto.PutRequest;
import io.peanutcache.cluster.transport.proto.Reply;
import io.peanutcache.codec.ValueCodec;
import io.peanutcache.settings.NodeSettings;
import io.peanutcache.testing.InJvmCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.cache.Cache;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What a node answers to requests that reach it over the wire. */
class PeerProtocolTest {

  @RegisterExtension
  static final InJvmCluster cluster = InJvmCluster.of(3).rpcTimeout(Duration.ofSeconds(5));

  private static final ValueCodec CODEC = new ValueCodec(PeerProtocolTest.class.getClassLoader());
  private static List<String> addresses;
  private static PartitionTable table;
  private final List<PeerClient> clients = new ArrayList<>();

  @BeforeAll
  static void start() {
    addresses = List.of(cluster.address(0), cluster.address(1), cluster.address(2));
    table = PartitionTable.of(addresses);
    cluster.manager(0).createCache("protocol",
        new MutableConfiguration<String, String>().setTypes(String.class, String.class));
  }

  private PeerClient client(String address) {
    PeerClient client = new PeerClient(new Member(address, address), NodeSettings.embedded());
    clients.add(client);
    return client;
  }

  @org.junit.jupiter.api.AfterEach
  void closeClients() {
    clients.forEach(PeerClient::close);
  }

  private static Header header(String cache, String sender) {
    return Header.newBuilder().setCacheUri(InJvmCluster.URI.toString()).setCacheName(cache)
        .setEpoch(1).setSender(sender).build();
  }

  private static String keyOwnedBy(String address) {
    for (int i = 0; ; i++) {
      if (table.ownerOfKey(CODEC.encode("key-" + i)).equals(address)) {
        return "key-" + i;
      }
    }
  }

  private static CacheId id(String cache) {
    return new CacheId(InJvmCluster.URI.toString(), cache);
  }

  @Test
  void aNodeThatDoesNotOwnTheKeySaysSoAndNeverForwards() {
    String owner = addresses.get(1);
    String key = keyOwnedBy(owner);
    PeerClient notTheOwner = client(addresses.get(2));

    PeerException thrown = assertThrows(PeerException.class, () -> notTheOwner.call("get", id("protocol"),
        stub -> stub.get(KeyRequest.newBuilder().setHeader(header("protocol", addresses.get(0)))
            .setKey(ByteString.copyFrom(CODEC.encode(key))).build())));

    assertTrue(thrown.isNotOwner(), thrown.getMessage());
    assertTrue(thrown.getMessage().contains("its owner is " + owner), thrown.getMessage());
    assertTrue(thrown.getMessage().contains(addresses.get(2)), "names the peer: " + thrown.getMessage());
  }

  @Test
  void aCorruptValueIsRefusedAndTheEntryStaysAsItWas() {
    String owner = addresses.get(1);
    String key = keyOwnedBy(owner);
    Cache<String, String> cache = cluster.manager(0).getCache("protocol", String.class, String.class);
    cache.put(key, "intact");
    byte[] corrupt = {(byte) 0x7F, 1, 2, 3};

    PeerException thrown = assertThrows(PeerException.class, () -> client(owner).call("put", id("protocol"),
        stub -> stub.put(PutRequest.newBuilder().setHeader(header("protocol", addresses.get(0)))
            .setKey(ByteString.copyFrom(CODEC.encode(key))).setValue(ByteString.copyFrom(corrupt))
            .setMode(PutMode.PUT).build())));

    assertEquals("INVALID_ARGUMENT", thrown.status());
    assertTrue(thrown.getMessage().contains("the value for cache"), thrown.getMessage());
    assertEquals("intact", cache.get(key));
  }

  @Test
  void aNodeFetchesTheDefinitionOfAnUnknownCacheFromTheSender() {
    // define the cache on node 0 only, as if the other nodes had missed its creation
    PeanutConfiguration<Object, Object> configuration = new PeanutConfiguration<>();
    assertNull(cluster.manager(1).getCache("late"), "node 1 does not know the cache yet");
    String owner = addresses.get(1);
    String key = keyOwnedBy(owner);
    Nodes.of(cluster.manager(0)).caches().define(id("late"), configuration, getClass().getClassLoader());

    Reply reply = client(owner).call("put", id("late"), stub -> stub.put(PutRequest.newBuilder()
        .setHeader(header("late", addresses.get(0))).setKey(ByteString.copyFrom(CODEC.encode(key)))
        .setValue(ByteString.copyFrom(CODEC.encode("value"))).setMode(PutMode.PUT).build()));

    assertFalse(reply.hasFailure());
    assertEquals("value", cluster.manager(1).getCache("late").get(key), "node 1 fetched it and stored the entry");
    cluster.manager(0).destroyCache("late");
  }

  @Test
  void aRequestForACacheNoNodeKnowsIsNotFound() {
    String owner = addresses.get(1);
    PeerException thrown = assertThrows(PeerException.class, () -> client(owner).call("get", id("nowhere"),
        stub -> stub.get(KeyRequest.newBuilder().setHeader(header("nowhere", addresses.get(0)))
            .setKey(ByteString.copyFrom(CODEC.encode(keyOwnedBy(owner)))).build())));
    assertEquals("NOT_FOUND", thrown.status());
    assertTrue(thrown.getMessage().contains("nowhere"), thrown.getMessage());
  }

  @Test
  void aRequestThatArrivesAfterTheOwnerDroppedADestroyedCacheDoesNotDefineItAgain() {
    cluster.manager(0).createCache("destroyed",
        new MutableConfiguration<String, String>().setTypes(String.class, String.class));
    String owner = addresses.get(1);
    Node ownerNode = Nodes.of(cluster.manager(1));
    List<Throwable> late = new ArrayList<>();
    // an operation node 0 sent before destroyCache returned, reaching the owner just after the
    // owner dropped the cache
    Runnable stopListening = ownerNode.caches().onDestroy(id -> {
      if (id.equals(id("destroyed"))) {
        try {
          client(owner).call("put", id("destroyed"), stub -> stub.put(PutRequest.newBuilder()
              .setHeader(header("destroyed", addresses.get(0)))
              .setKey(ByteString.copyFrom(CODEC.encode(keyOwnedBy(owner))))
              .setValue(ByteString.copyFrom(CODEC.encode("late"))).setMode(PutMode.PUT).build()));
        } catch (RuntimeException e) {
          late.add(e);
        }
      }
    });
    try {
      cluster.manager(0).destroyCache("destroyed");
    } finally {
      stopListening.run();
    }

    assertEquals(1, late.size(), "the late request fails");
    assertEquals("NOT_FOUND", ((PeerException) late.get(0)).status());
    assertNull(ownerNode.caches().get(id("destroyed")), "the destroyed cache stays destroyed on the owner");
  }

  @Test
  void aStoreByReferenceCacheStaysOnItsNode() {
    Cache<String, Object> local = cluster.manager(0).createCache("by-reference",
        new MutableConfiguration<String, Object>().setTypes(String.class, Object.class).setStoreByValue(false));
    Object identity = new Object();
    local.put("k", identity);
    assertTrue(local.get("k") == identity, "the same instance comes back");
    assertNull(cluster.manager(1).getCache("by-reference"), "not defined on other nodes");
    cluster.manager(0).destroyCache("by-reference");
  }
}
