package io.peanutcache.cluster.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.peanutcache.cluster.Nodes;
import io.peanutcache.cluster.ring.ClusterView;
import io.peanutcache.cluster.transport.proto.Header;
import io.peanutcache.cluster.transport.proto.PeerGrpc;
import io.peanutcache.cluster.transport.proto.Read;
import io.peanutcache.cluster.transport.proto.ReadBatch;
import io.peanutcache.cluster.transport.proto.ReadReplies;
import io.peanutcache.cluster.transport.proto.ReadReply;
import io.peanutcache.codec.ValueCodec;
import io.peanutcache.testing.InJvmCluster;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A node's stream of reads, as a peer that is no node would use it: many reads in one batch are
 * answered one by one under their ids, a failing read fails alone, a read that waits for a load
 * holds up none of the others, and the node goes on serving the stream.
 */
class ReadsOnTheWireTest {

  @RegisterExtension
  static final InJvmCluster cluster = InJvmCluster.of(2);

  private static final ValueCodec CODEC = new ValueCodec(ReadsOnTheWireTest.class.getClassLoader());
  private static Cache<String, String> onTheOwner;

  private RawPeerChannel channel;
  private final BlockingQueue<ReadReply> replies = new LinkedBlockingQueue<>();
  private final BlockingQueue<Throwable> ended = new LinkedBlockingQueue<>();

  @BeforeAll
  static void createTheCaches() {
    cluster.manager(0).createCache("plain", new MutableConfiguration<String, String>()
        .setTypes(String.class, String.class));
    cluster.manager(0).createCache("gated", new MutableConfiguration<String, String>()
        .setTypes(String.class, String.class)
        .setReadThrough(true)
        .setCacheLoaderFactory(FactoryBuilder.factoryOf(GatedLoader.class)));
    onTheOwner = cluster.manager(1).getCache("plain", String.class, String.class);
    cluster.manager(1).getCache("gated", String.class, String.class);
  }

  @AfterEach
  void closeTheChannel() throws InterruptedException {
    GatedLoader.open();
    if (channel != null) {
      channel.close();
    }
  }

  /** Opens a stream of reads to node 1 whose replies and end this test collects. */
  private StreamObserver<ReadBatch> openStream() {
    channel = RawPeerChannel.to(cluster.address(1));
    return PeerGrpc.newStub(channel.channel()).reads(new StreamObserver<ReadReplies>() {
      @Override
      public void onNext(ReadReplies message) {
        replies.addAll(message.getRepliesList());
      }

      @Override
      public void onError(Throwable failure) {
        ended.add(failure);
      }

      @Override
      public void onCompleted() {
        ended.add(new IllegalStateException("completed"));
      }
    });
  }

  private static Header header(String cache) {
    return RawPeerChannel.header(cache, cluster.address(0), Nodes.of(cluster.manager(1)).view().epoch());
  }

  private static Read read(long id, int header, byte[] key, Duration timeout) {
    return Read.newBuilder().setId(id).setHeader(header).setKey(ByteString.copyFrom(key))
        .setTimeoutNanos(timeout.toNanos()).build();
  }

  /** Collects {@code count} replies by id, waiting up to 30 seconds for each. */
  private Map<Long, ReadReply> replies(int count) throws InterruptedException {
    Map<Long, ReadReply> byId = new HashMap<>();
    for (int i = 0; i < count; i++) {
      ReadReply reply = replies.poll(30, TimeUnit.SECONDS);
      assertNotNull(reply, "reply " + (i + 1) + " of " + count + " came within 30 s; ended: " + ended.peek());
      byId.put(reply.getId(), reply);
    }
    return byId;
  }

  /** Bytes that are no encoded value and yet fall in a partition node 1 owns. */
  private static byte[] undecodableKeyOwnedByNode1() {
    ClusterView view = Nodes.of(cluster.manager(1)).view();
    for (int i = 0; ; i++) {
      byte[] bytes = {(byte) 0xEE, (byte) i, (byte) (i >> 8)};
      if (view.ownsPartition(view.partitionOf(bytes))) {
        return bytes;
      }
    }
  }

  @Test
  void aBatchOfReadsIsAnsweredReadByReadAndOneThatFailsFailsAlone() throws InterruptedException {
    String first = cluster.keyOwnedBy(1, "first-");
    String second = cluster.keyOwnedBy(1, "second-");
    String absent = cluster.keyOwnedBy(1, "absent-");
    String elsewhere = cluster.keyOwnedBy(0, "elsewhere-");
    onTheOwner.put(first, "one");
    onTheOwner.put(second, "two");
    StreamObserver<ReadBatch> stream = openStream();
    Duration timeout = Duration.ofSeconds(30);

    stream.onNext(ReadBatch.newBuilder().addHeaders(header("plain")).addHeaders(header("no-such-cache"))
        .addReads(read(1, 0, CODEC.encode(first), timeout))
        .addReads(read(2, 0, undecodableKeyOwnedByNode1(), timeout))
        .addReads(read(3, 0, CODEC.encode(second), timeout))
        .addReads(read(4, 0, CODEC.encode(elsewhere), timeout))
        .addReads(read(5, 0, CODEC.encode(absent), timeout))
        .addReads(read(6, 1, CODEC.encode(first), timeout))
        .build());
    Map<Long, ReadReply> byId = replies(6);

    assertEquals("one", CODEC.decode(byId.get(1L).getReply().getReply().getValue().toByteArray()));
    assertEquals(Status.Code.INVALID_ARGUMENT.value(), byId.get(2L).getStatus(), byId.get(2L).toString());
    assertTrue(byId.get(2L).getDescription().contains("cannot be decoded"), byId.get(2L).getDescription());
    assertEquals("two", CODEC.decode(byId.get(3L).getReply().getReply().getValue().toByteArray()));
    assertEquals(Status.Code.FAILED_PRECONDITION.value(), byId.get(4L).getStatus(), byId.get(4L).toString());
    assertTrue(byId.get(4L).getDescription().contains("not owner"), byId.get(4L).getDescription());
    assertEquals(Status.Code.OK.value(), byId.get(5L).getStatus());
    assertTrue(!byId.get(5L).getReply().getReply().getPresent(), "an absent key is answered as absent");
    assertEquals(Status.Code.NOT_FOUND.value(), byId.get(6L).getStatus(), byId.get(6L).toString());

    // the stream goes on: a later batch on it is answered too
    stream.onNext(ReadBatch.newBuilder().addHeaders(header("plain"))
        .addReads(read(7, 0, CODEC.encode(second), timeout)).build());
    assertEquals("two", CODEC.decode(replies(1).get(7L).getReply().getReply().getValue().toByteArray()));
    assertNull(ended.peek(), "the stream did not end");
    stream.onCompleted();
  }

  @Test
  void aReadThatWaitsForItsLoadDoesNotHoldUpTheReadsBatchedWithIt() throws InterruptedException {
    String present = cluster.keyOwnedBy(1, "present-");
    String loading = cluster.keyOwnedBy(1, "loading-");
    cluster.manager(1).getCache("gated", String.class, String.class).put(present, "here");
    GatedLoader.close(); // every load waits until the test opens the gate
    StreamObserver<ReadBatch> stream = openStream();

    stream.onNext(ReadBatch.newBuilder().addHeaders(header("gated"))
        .addReads(read(1, 0, CODEC.encode(loading), Duration.ofSeconds(60)))
        .addReads(read(2, 0, CODEC.encode(present), Duration.ofSeconds(60)))
        .build());

    ReadReply hit = replies(1).get(2L);
    assertNotNull(hit, "the hit is answered first, while the load waits");
    assertEquals("here", CODEC.decode(hit.getReply().getReply().getValue().toByteArray()));
    assertTrue(replies.poll(300, TimeUnit.MILLISECONDS) == null, "the loading read waits for its load");
    assertEquals(1, GatedLoader.LOADS.get(), "its load has started");
    GatedLoader.open();
    ReadReply loaded = replies(1).get(1L);
    assertNotNull(loaded, "the loading read is answered once its load ends");
    assertEquals("loaded " + loading, CODEC.decode(loaded.getReply().getReply().getValue().toByteArray()));
    assertNull(ended.peek(), "the stream did not end");
    stream.onCompleted();
  }

  @Test
  void aBatchOfMoreReadsThanAllowedEndsTheStreamAndTheNodeStillServes() throws InterruptedException {
    String key = cluster.keyOwnedBy(1, "key-");
    onTheOwner.put(key, "value");
    StreamObserver<ReadBatch> stream = openStream();
    ReadBatch.Builder tooMany = ReadBatch.newBuilder().addHeaders(header("plain"));
    for (int i = 0; i <= ServedReads.MAX_READS_PER_BATCH; i++) {
      tooMany.addReads(read(i, 0, CODEC.encode(key), Duration.ofSeconds(30)));
    }

    stream.onNext(tooMany.build());

    Throwable end = ended.poll(30, TimeUnit.SECONDS);
    assertNotNull(end, "the stream ended");
    assertEquals(Status.Code.INVALID_ARGUMENT, Status.fromThrowable(end).getCode(), end.toString());
    assertTrue(replies.isEmpty(), "no read of the batch ran: " + replies);
    assertEquals("value", cluster.manager(0).getCache("plain", String.class, String.class).get(key));
  }
}
