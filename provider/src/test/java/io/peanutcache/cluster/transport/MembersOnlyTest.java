package io.peanutcache.cluster.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.peanutcache.cluster.Node;
import io.peanutcache.cluster.Nodes;
import io.peanutcache.cluster.hosting.CacheId;
import io.peanutcache.cluster.hosting.HostedCache;
import io.peanutcache.cluster.peers.ListenerSpec;
import io.peanutcache.cluster.transport.proto.CacheRequest;
import io.peanutcache.cluster.transport.proto.DefineCacheRequest;
import io.peanutcache.cluster.transport.proto.DefinitionReply;
import io.peanutcache.cluster.transport.proto.EventKind;
import io.peanutcache.cluster.transport.proto.EventRequest;
import io.peanutcache.cluster.transport.proto.Header;
import io.peanutcache.cluster.transport.proto.ListenerRequest;
import io.peanutcache.codec.ValueCodec;
import io.peanutcache.jcache.PeanutCache;
import io.peanutcache.spi.PeanutCachingProvider;
import io.peanutcache.testing.FreePorts;
import io.peanutcache.testing.InJvmCluster;
import java.io.Serializable;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.event.CacheEntryEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The calls about a cache as a whole (define, destroy, clear, and the listeners') are taken from
 * members only: a client that names no member, or a member from another host than the one it
 * advertises, is refused with PERMISSION_DENIED, and the cache, its entries and its listeners stay
 * as they were; the members' own calls go on working, from whatever loopback address they
 * advertise.
 */
class MembersOnlyTest {

  private static final ValueCodec CODEC = new ValueCodec(MembersOnlyTest.class.getClassLoader());
  private static final String INTRUDER = "intruder";

  @RegisterExtension
  static final InJvmCluster cluster = InJvmCluster.of(3).rpcTimeout(Duration.ofSeconds(10));

  private Cache<String, String> guarded;
  private String key;
  private ListenerSpec listener;

  /** Node 0 creates a cache with an entry that node 1 owns and a listener that hears node 1's keys. */
  @BeforeEach
  void createGuardedCache() {
    Heard.EVENTS.clear();
    guarded = cluster.manager(0).createCache("guarded",
        new MutableConfiguration<String, String>().setTypes(String.class, String.class));
    guarded.registerCacheEntryListener(new MutableCacheEntryListenerConfiguration<>(
        FactoryBuilder.factoryOf(new Heard()), null, false, true));
    key = keyOwnedBy(1, "entry");
    guarded.put(key, "kept");
    assertEquals(List.of("created " + key), Heard.EVENTS);
    List<ListenerSpec> known = node(1).listeners().known(hosted(1, "guarded"));
    assertEquals(1, known.size(), "node 1 knows node 0's listener: " + known);
    listener = known.get(0);
  }

  @AfterEach
  void destroyGuardedCache() {
    cluster.manager(0).destroyCache("guarded");
  }

  @Test
  void aSenderThatIsNoMemberCannotClearDestroyOrDefineACache() throws Exception {
    try (RawPeerChannel channel = RawPeerChannel.to(cluster.address(1))) {
      assertRefused(INTRUDER, () -> channel.stub().clear(cacheRequest("guarded", INTRUDER)));
      assertRefused(INTRUDER, () -> channel.stub().destroyCache(cacheRequest("guarded", INTRUDER)));
      DefinitionReply fetched = channel.stub().fetchDefinition(cacheRequest("guarded", INTRUDER));
      assertTrue(fetched.getKnown(), "anyone may read a definition");
      assertRefused(INTRUDER, () -> channel.stub().defineCache(DefineCacheRequest.newBuilder().setSender(INTRUDER)
          .setDefinition(fetched.getDefinition().toBuilder().setCacheName("planted")).build()));
    }

    assertNull(hosted(1, "planted"), "no cache was defined");
    assertNotNull(hosted(1, "guarded"), "the cache was not destroyed");
    assertEquals("kept", cluster.manager(1).getCache("guarded", String.class, String.class).get(key),
        "the entry was not cleared");
    assertStillServes();
  }

  @Test
  void aSenderThatIsNoMemberCannotTouchTheListenersNorLearnThem() throws Exception {
    try (RawPeerChannel channel = RawPeerChannel.to(cluster.address(1))) {
      assertRefused(INTRUDER, () -> channel.stub().fetchListeners(cacheRequest("guarded", INTRUDER)));
      assertRefused(INTRUDER, () -> channel.stub().removeListener(listenerRequest(INTRUDER, listener)));
      assertRefused(INTRUDER, () -> channel.stub().addListener(listenerRequest(INTRUDER,
          new ListenerSpec(INTRUDER, 1, listener.types(), true, false))));
      // a member's name passes on loopback, but a member registers and deregisters only its own
      String member = cluster.address(2);
      StatusRuntimeException notItsOwn = assertRefused(member,
          () -> channel.stub().removeListener(listenerRequest(member, listener)));
      assertTrue(notItsOwn.getStatus().getDescription().contains("names a listener of " + cluster.address(0)),
          notItsOwn.getMessage());
    }
    try (RawPeerChannel channel = RawPeerChannel.to(cluster.address(0))) {
      assertRefused(INTRUDER, () -> channel.stub().deliverEvent(event(INTRUDER, listener.id(), "forged")));
    }

    assertEquals(List.of("created " + key), Heard.EVENTS, "no forged event was heard");
    assertEquals(List.of(listener), node(1).listeners().known(hosted(1, "guarded")), "the listener is still known");
    assertStillServes();
  }

  @Test
  void aMemberNameFromAnotherHostThanTheOneItAdvertisesIsRefused() throws Exception {
    String member = cluster.address(0);
    try (RawPeerChannel channel = RawPeerChannel.to(cluster.address(1), "127.0.0.2")) {
      StatusRuntimeException refused = assertRefused(member,
          () -> channel.stub().clear(cacheRequest("guarded", member)));
      assertTrue(refused.getStatus().getDescription().contains("came from 127.0.0.2"), refused.getMessage());
      assertRefused(member, () -> channel.stub().destroyCache(cacheRequest("guarded", member)));
      assertRefused(member, () -> channel.stub().removeListener(listenerRequest(member, listener)));
      assertRefused(member, () -> channel.stub().fetchListeners(cacheRequest("guarded", member)));
    }
    try (RawPeerChannel channel = RawPeerChannel.to(cluster.address(0), "127.0.0.2")) {
      String owner = cluster.address(1);
      assertRefused(owner, () -> channel.stub().deliverEvent(event(owner, listener.id(), "forged")));
    }

    assertNotNull(hosted(1, "guarded"), "the cache was not destroyed");
    assertEquals("kept", cluster.manager(1).getCache("guarded", String.class, String.class).get(key));
    assertEquals(List.of("created " + key), Heard.EVENTS, "no forged event was heard");
    assertStillServes();
  }

  @Test
  void aDefinitionFetchedByAnyoneCarriesNoListener() throws Exception {
    try (RawPeerChannel channel = RawPeerChannel.to(cluster.address(1))) {
      DefinitionReply fetched = channel.stub().fetchDefinition(cacheRequest("guarded", INTRUDER));

      assertTrue(fetched.getKnown());
      assertEquals("guarded", fetched.getDefinition().getCacheName());
      assertTrue(fetched.getUnknownFields().asMap().isEmpty(), "nothing but the definition: " + fetched);
      assertFalse(new String(fetched.toByteArray(), StandardCharsets.ISO_8859_1).contains(cluster.address(0)),
          "the reply names no node a listener runs on");
    }
  }

  @Test
  void membersThatAdvertiseAnotherLoopbackAddressStillDefineListenAndDestroy() throws Exception {
    List<Integer> ports = FreePorts.ports(2);
    String first = "127.0.0.2:" + ports.get(0);
    String second = "127.0.0.1:" + ports.get(1);
    URI uri = URI.create("urn:peanutcache:members-only-test");
    try (CacheManager atFirst = start(first, List.of(first, second), uri);
        CacheManager atSecond = start(second, List.of(first, second), uri)) {
      CacheId id = new CacheId(uri.toString(), "elsewhere");
      Cache<String, String> cache = atFirst.createCache("elsewhere",
          new MutableConfiguration<String, String>().setTypes(String.class, String.class));
      assertNotNull(Nodes.of(atSecond).caches().get(id), "the definition reached the other member at once");

      cache.registerCacheEntryListener(new MutableCacheEntryListenerConfiguration<>(
          FactoryBuilder.factoryOf(new Heard()), null, false, true));
      String owned = keyOwnedBy(cache, second, "elsewhere");
      atSecond.getCache("elsewhere", String.class, String.class).put(owned, "v");
      assertTrue(Heard.EVENTS.contains("created " + owned), "the other member sends the events: " + Heard.EVENTS);

      cache.clear();
      assertNull(atSecond.getCache("elsewhere", String.class, String.class).get(owned), "cleared everywhere");
      atFirst.destroyCache("elsewhere");
      assertNull(Nodes.of(atSecond).caches().get(id), "destroyed on the other member");
    }
  }

  // ---------------------------------------------------------------- helpers

  private static StatusRuntimeException assertRefused(String sender, Runnable call) {
    StatusRuntimeException refused = assertThrows(StatusRuntimeException.class, call::run);
    assertEquals(Status.Code.PERMISSION_DENIED, refused.getStatus().getCode(), refused.getMessage());
    assertTrue(refused.getStatus().getDescription().contains(sender), "names the sender: " + refused.getMessage());
    assertTrue(refused.getStatus().getDescription().contains("allowed"), "says what is allowed: "
        + refused.getMessage());
    return refused;
  }

  /** The cluster still serves: a routed put from node 2 to node 1 is heard on node 0. */
  private void assertStillServes() {
    String another = keyOwnedBy(1, "after");
    cluster.manager(2).getCache("guarded", String.class, String.class).put(another, "v");
    assertEquals("v", guarded.get(another));
    assertTrue(Heard.EVENTS.contains("created " + another), "the listener still hears node 1: " + Heard.EVENTS);
  }

  private static CacheManager start(String address, List<String> peers, URI uri) {
    Properties properties = new Properties();
    properties.setProperty("peanutcache.bind", address);
    properties.setProperty("peanutcache.peers", String.join(",", peers));
    properties.setProperty("peanutcache.rpc.timeout", "10s");
    return new PeanutCachingProvider().getCacheManager(uri, MembersOnlyTest.class.getClassLoader(), properties);
  }

  private static Node node(int index) {
    return Nodes.of(cluster.manager(index));
  }

  private static HostedCache hosted(int index, String cache) {
    return node(index).caches().get(new CacheId(InJvmCluster.URI.toString(), cache));
  }

  private String keyOwnedBy(int index, String prefix) {
    return keyOwnedBy(guarded, cluster.address(index), prefix);
  }

  @SuppressWarnings("unchecked")
  private static String keyOwnedBy(Cache<String, String> cache, String owner, String prefix) {
    PeanutCache<String, String> peanut = cache.unwrap(PeanutCache.class);
    for (int i = 0; ; i++) {
      if (peanut.ownerOf(prefix + "-" + i).equals(owner) && !Heard.EVENTS.contains("created " + prefix + "-" + i)) {
        return prefix + "-" + i;
      }
    }
  }

  private static CacheRequest cacheRequest(String cache, String sender) {
    return CacheRequest.newBuilder().setHeader(RawPeerChannel.header(cache, sender, 1)).build();
  }

  private static ListenerRequest listenerRequest(String sender, ListenerSpec spec) {
    return ListenerRequest.newBuilder().setHeader(RawPeerChannel.header("guarded", sender, 1))
        .setListener(ListenerWire.spec(spec)).build();
  }

  private EventRequest event(String sender, long listenerId, String value) {
    Header header = RawPeerChannel.header("guarded", sender, 1);
    return EventRequest.newBuilder().setHeader(header).setListenerId(listenerId).setKind(EventKind.EVENT_CREATED)
        .setKey(ByteString.copyFrom(CODEC.encode("forged-key"))).setHasValue(true)
        .setValue(ByteString.copyFrom(CODEC.encode(value))).build();
  }

  /** Records the entries created, on the node that registered it. */
  public static final class Heard implements CacheEntryCreatedListener<String, String>, Serializable {
    private static final long serialVersionUID = 1L;
    static final List<String> EVENTS = new CopyOnWriteArrayList<>();

    @Override
    public void onCreated(Iterable<CacheEntryEvent<? extends String, ? extends String>> events) {
      for (CacheEntryEvent<? extends String, ? extends String> event : events) {
        EVENTS.add("created " + event.getKey());
      }
    }
  }
}
