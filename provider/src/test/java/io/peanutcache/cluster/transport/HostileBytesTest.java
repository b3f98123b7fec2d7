package io.peanutcache.cluster.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.peanutcache.PeanutConfiguration;
import io.peanutcache.cluster.Nodes;
import io.peanutcache.cluster.hosting.CacheId;
import io.peanutcache.cluster.ring.ClusterView;
import io.peanutcache.cluster.transport.proto.CacheDefinition;
import io.peanutcache.cluster.transport.proto.DefineCacheRequest;
import io.peanutcache.cluster.transport.proto.Header;
import io.peanutcache.cluster.transport.proto.HotChange;
import io.peanutcache.cluster.transport.proto.InvalidationBatch;
import io.peanutcache.cluster.transport.proto.InvokeRequest;
import io.peanutcache.cluster.transport.proto.KeyRequest;
import io.peanutcache.cluster.transport.proto.PeerGrpc;
import io.peanutcache.cluster.transport.proto.PutMode;
import io.peanutcache.cluster.transport.proto.PutRequest;
import io.peanutcache.codec.ValueCodec;
import io.peanutcache.testing.Await;
import io.peanutcache.testing.InJvmCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import javax.cache.Cache;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.processor.EntryProcessorException;
import org.example.hostile.Tripwire;
import org.example.hostile.TripwireException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What a node does with bytes a hostile client sends it over a plain gRPC channel built from
 * {@code peer.proto}: a serialized object of a class outside the allow-list, in every place a
 * request carries one, never runs (its {@code readObject} would record it), the request is refused
 * naming the class and the setting that would allow it, nothing is stored, and the node goes on
 * serving.
 */
class HostileBytesTest {

  @RegisterExtension
  static final InJvmCluster cluster = InJvmCluster.of(3).rpcTimeout(Duration.ofSeconds(10));

  private static final String CACHE = "hostile";
  private static final String HOT = "hostile-hot";
  private static final ValueCodec CODEC = new ValueCodec(HostileBytesTest.class.getClassLoader());
  private static final ByteString TRIPWIRE = ByteString.copyFrom(CODEC.encode(new Tripwire("gadget")));

  private final List<ManagedChannel> channels = new ArrayList<>();

  @BeforeAll
  static void createCaches() {
    cluster.manager(0).createCache(CACHE, new MutableConfiguration<String, String>()
        .setTypes(String.class, String.class));
    PeanutConfiguration<String, String> hot = new PeanutConfiguration<>();
    hot.setTypes(String.class, String.class);
    cluster.manager(0).createCache(HOT, hot.setHotCache(1_000, Duration.ofMinutes(1)));
  }

  @BeforeEach
  void nothingRanYet() {
    Tripwire.RAN.clear();
  }

  @AfterEach
  void closeChannels() throws InterruptedException {
    for (ManagedChannel channel : channels) {
      channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
    }
  }

  /** A raw stub of the node at {@code index}, as any client on the network could build. */
  private PeerGrpc.PeerBlockingStub raw(int index) {
    ManagedChannel channel = ManagedChannelBuilder.forTarget(cluster.address(index)).usePlaintext().build();
    channels.add(channel);
    return PeerGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
  }

  /** A header as a member sends it: the sender is node 0, by its name and address. */
  private static Header header(String cache) {
    return Header.newBuilder().setCacheUri(InJvmCluster.URI.toString()).setCacheName(cache)
        .setEpoch(view().epoch()).setSender(cluster.address(0)).build();
  }

  private static ClusterView view() {
    return Nodes.of(cluster.manager(0)).view();
  }

  /** A String key that node {@code index} owns. */
  private static String keyOwnedBy(int index) {
    ClusterView view = view();
    for (int i = 0; ; i++) {
      String key = "key-" + i;
      if (view.ownerOf(view.partitionOf(CODEC.encode(key))).name().equals(cluster.address(index))) {
        return key;
      }
    }
  }

  /** The node that owns the tripwire as a key: it alone gets as far as decoding it. */
  private static int tripwireOwner() {
    ClusterView view = view();
    String owner = view.ownerOf(view.partitionOf(TRIPWIRE.toByteArray())).name();
    return cluster.addresses().indexOf(owner);
  }

  private static ByteString encoded(Object value) {
    return ByteString.copyFrom(CODEC.encode(value));
  }

  private static Cache<String, String> cache(int index) {
    return cluster.manager(index).getCache(CACHE, String.class, String.class);
  }

  /** Asserts a refusal that names the class and the setting, and that nothing of it ran. */
  private static void assertRefusedNamingTheClass(StatusRuntimeException refused, String className) {
    assertEquals(Status.Code.INVALID_ARGUMENT, refused.getStatus().getCode(), refused.getMessage());
    assertTrue(refused.getMessage().contains(className), refused.getMessage());
    assertTrue(refused.getMessage().contains("peanutcache.serialization.allow"), refused.getMessage());
    assertEquals(List.of(), List.copyOf(Tripwire.RAN), "nothing of the refused class ran");
  }

  /** Asserts that every node still serves puts and gets of keys it owns and of keys others own. */
  private static void assertTheClusterStillServes() {
    for (int index = 0; index < cluster.size(); index++) {
      String key = keyOwnedBy(index);
      cache((index + 1) % cluster.size()).put(key, "served");
      assertEquals("served", cache(index).get(key));
      cache(index).remove(key);
    }
  }

  @Test
  void aKeyOfAClassOutsideTheListIsRefused() {
    StatusRuntimeException refused = assertThrows(StatusRuntimeException.class, () -> raw(tripwireOwner()).put(
        PutRequest.newBuilder().setHeader(header(CACHE)).setKey(TRIPWIRE).setValue(encoded("v"))
            .setMode(PutMode.PUT).build()));

    assertRefusedNamingTheClass(refused, Tripwire.class.getName());
    assertTheClusterStillServes();
  }

  @Test
  void aKeyOfAClassOutsideTheListIsRefusedByAGetToo() {
    StatusRuntimeException refused = assertThrows(StatusRuntimeException.class, () -> raw(tripwireOwner()).get(
        KeyRequest.newBuilder().setHeader(header(CACHE)).setKey(TRIPWIRE).build()));

    assertRefusedNamingTheClass(refused, Tripwire.class.getName());
    assertTheClusterStillServes();
  }

  @Test
  void aValueOfAClassOutsideTheListIsRefusedAndNothingIsStored() {
    String key = keyOwnedBy(1);
    cache(0).put(key, "intact");

    StatusRuntimeException refused = assertThrows(StatusRuntimeException.class, () -> raw(1).put(
        PutRequest.newBuilder().setHeader(header(CACHE)).setKey(encoded(key)).setValue(TRIPWIRE)
            .setMode(PutMode.PUT).build()));

    assertRefusedNamingTheClass(refused, Tripwire.class.getName());
    assertEquals("intact", cache(2).get(key), "the entry stays as it was");
    assertTheClusterStillServes();
  }

  @Test
  void aProcessorOfAClassOutsideTheListIsRefusedAndNeverRuns() {
    String key = keyOwnedBy(1);
    cache(0).put(key, "intact");

    StatusRuntimeException refused = assertThrows(StatusRuntimeException.class, () -> raw(1).invoke(
        InvokeRequest.newBuilder().setHeader(header(CACHE)).setKey(encoded(key)).setProcessor(TRIPWIRE)
            .build()));

    assertRefusedNamingTheClass(refused, Tripwire.class.getName());
    assertEquals("intact", cache(2).get(key));
    assertTheClusterStillServes();
  }

  @Test
  void aProcessorArgumentOfAClassOutsideTheListIsRefusedAndTheProcessorNeverRuns() {
    String key = keyOwnedBy(1);
    cache(0).put(key, "intact");

    StatusRuntimeException refused = assertThrows(StatusRuntimeException.class, () -> raw(1).invoke(
        InvokeRequest.newBuilder().setHeader(header(CACHE)).setKey(encoded(key))
            .setProcessor(encoded(new AppendingProcessor())).addArguments(TRIPWIRE).build()));

    assertRefusedNamingTheClass(refused, Tripwire.class.getName());
    assertEquals("intact", cache(2).get(key));
    assertEquals("intact-more", cache(2).invoke(key, new AppendingProcessor(), "-more"),
        "a processor and arguments the list allows still run on the owner");
  }

  @Test
  void anInvalidationOfAKeyOfAClassOutsideTheListDecodesNothing() {
    Cache<String, String> onZero = cluster.manager(0).getCache(HOT, String.class, String.class);
    String key = keyOwnedBy(1);
    cluster.manager(1).getCache(HOT, String.class, String.class).put(key, "hot");
    assertEquals("hot", onZero.get(key), "node 0 keeps a hot copy of a key node 1 owns");

    raw(0).invalidate(InvalidationBatch.newBuilder().setHeader(header(HOT)).setIncarnation(1)
        .addChanges(HotChange.newBuilder().setPartition(view().partitionOf(TRIPWIRE.toByteArray()))
            .setSequence(1).setKey(TRIPWIRE))
        .build());

    assertEquals(List.of(), List.copyOf(Tripwire.RAN), "the invalidated key was never decoded");
    cluster.manager(1).getCache(HOT, String.class, String.class).put(key, "hotter");
    Await.until(Duration.ofSeconds(30), () -> "hotter".equals(onZero.get(key)),
        () -> "the node still serves, and its owner's invalidations still apply");
  }

  @Test
  void aDefinitionOfAClassOutsideTheListIsRefusedAndTheCacheStaysUndefined() {
    StatusRuntimeException refused = assertThrows(StatusRuntimeException.class, () -> raw(1).defineCache(
        DefineCacheRequest.newBuilder().setSender(cluster.address(0)).setDefinition(
            CacheDefinition.newBuilder().setCacheUri(InJvmCluster.URI.toString()).setCacheName("gadget-cache")
                .setConfiguration(TRIPWIRE).setDescription("innocent")).build()));

    assertRefusedNamingTheClass(refused, Tripwire.class.getName());
    assertNull(Nodes.of(cluster.manager(1)).caches().get(new CacheId(InJvmCluster.URI.toString(), "gadget-cache")));
    assertTheClusterStillServes();
  }

  @Test
  void aDefinitionWhoseLoaderFactoryNamesANonLoaderClassIsRefusedWithoutConstructingIt() {
    assertFactoryRefused("process-cache", "java.lang.ProcessBuilder", "is not a javax.cache.integration.CacheLoader");
    assertFactoryRefused("constructed-cache", "org.example.hostile.Constructed",
        "is not a javax.cache.integration.CacheLoader");
  }

  @Test
  void aDefinitionWhoseLoaderFactoryNamesALoaderOutsideTheListIsRefusedWithoutInitialisingIt() {
    assertFactoryRefused("loader-cache", "org.example.hostile.TripwireLoader", "is not allowed");
  }

  private void assertFactoryRefused(String cacheName, String className, String why) {
    PeanutConfiguration<Object, Object> configuration = new PeanutConfiguration<>();
    configuration.setReadThrough(true).setCacheLoaderFactory(new FactoryBuilder.ClassFactory<>(className));

    StatusRuntimeException refused = assertThrows(StatusRuntimeException.class, () -> raw(2).defineCache(
        DefineCacheRequest.newBuilder().setSender(cluster.address(0)).setDefinition(
            CacheDefinition.newBuilder().setCacheUri(InJvmCluster.URI.toString()).setCacheName(cacheName)
                .setConfiguration(encoded(configuration)).setDescription("read-through")).build()));

    assertEquals(Status.Code.INVALID_ARGUMENT, refused.getStatus().getCode(), refused.getMessage());
    assertTrue(refused.getMessage().contains("loader factory names class " + className + ", which " + why),
        refused.getMessage());
    assertEquals(List.of(), List.copyOf(Tripwire.RAN), "nothing of " + className + " ran");
    assertNull(Nodes.of(cluster.manager(2)).caches().get(new CacheId(InJvmCluster.URI.toString(), cacheName)));
    assertTheClusterStillServes();
  }

  @Test
  void anExceptionCauseOfAClassOutsideTheListIsDescribedButNeverDecoded() {
    String key = keyOwnedBy(1);
    cache(0).put(key, "intact");

    EntryProcessorException thrown = assertThrows(EntryProcessorException.class,
        () -> cache(0).invoke(key, new ThrowingProcessor()));

    assertEquals(List.of(), List.copyOf(Tripwire.RAN), "the cause was not decoded on the caller");
    assertFalse(thrown.getCause() instanceof TripwireException, "no TripwireException was created");
    assertTrue(thrown.getMessage().contains(TripwireException.class.getName()), thrown.getMessage());
    assertTrue(thrown.getMessage().contains("thrown by the processor"), thrown.getMessage());
    assertEquals("intact", cache(2).get(key));
  }

  @Test
  void aKeyThatNeedsJavaSerializationIsNeverDecodedOnTheNetworkThread() {
    Cache<Object, Object> cache = cluster.manager(0).getCache("thread-keys");
    if (cache == null) {
      cache = cluster.manager(0).createCache("thread-keys", new MutableConfiguration<>());
    }
    ThreadRecordingKey.DECODED_ON.clear();
    List<ThreadRecordingKey> keys = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      keys.add(new ThreadRecordingKey("k" + i));
      cache.put(keys.get(i), "value-" + i);
    }
    for (int round = 0; round < 3; round++) {
      for (int i = 0; i < keys.size(); i++) {
        assertEquals("value-" + i, cache.get(keys.get(i)), "hits of a serialized key are served");
      }
    }

    Function<String, Boolean> networkThread = name -> name.contains("ELG") || name.startsWith("grpc-");
    List<String> threads = List.copyOf(ThreadRecordingKey.DECODED_ON);
    assertFalse(threads.isEmpty(), "keys owned by other nodes were decoded there");
    assertTrue(threads.stream().noneMatch(networkThread::apply), "decoded on network threads: " + threads);
  }

  @Test
  void anExceptionOfAnAllowedClassStillArrivesAsTheCause() {
    String key = keyOwnedBy(1);
    // a serializable processor runs on the owner, node 1: its exception's cause crosses the network
    EntryProcessorException thrown = assertThrows(EntryProcessorException.class,
        () -> cache(0).invoke(key, new IllegalStateProcessor()));
    assertInstanceOf(IllegalStateException.class, thrown.getCause(), String.valueOf(thrown.getCause()));
  }
}
