package io.peanutcache.cluster.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.peanutcache.codec.ValueCodec;
import io.peanutcache.settings.NodeSettings;
import io.peanutcache.cluster.membership.Member;
import io.peanutcache.cluster.ring.PartitionTable;
import io.peanutcache.cluster.transport.proto.Header;
import io.peanutcache.cluster.transport.proto.LeaseAcquire;
import io.peanutcache.cluster.transport.proto.LeaseReply;
import io.peanutcache.cluster.transport.proto.LeaseRequest;
import io.peanutcache.cluster.transport.proto.LeaseWrite;
import io.peanutcache.cluster.transport.proto.Outcome;
import io.peanutcache.testing.InJvmCluster;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What an owner does with Lease streams that break the protocol: it fails the stream with
 * INVALID_ARGUMENT, writes nothing, and lets the next caller have the lease at once (well before
 * the lease time of 60 s would end it).
 */
class LeaseProtocolTest {

  private static final ValueCodec CODEC = new ValueCodec(LeaseProtocolTest.class.getClassLoader());

  @RegisterExtension
  static final InJvmCluster cluster = InJvmCluster.of(2).rpcTimeout(Duration.ofSeconds(5));

  private static String owner;
  private static String key;
  private PeerClient client;

  @BeforeAll
  static void start() {
    owner = cluster.address(1);
    PartitionTable table = PartitionTable.of(List.of(cluster.address(0), cluster.address(1)));
    for (int i = 0; key == null; i++) {
      if (table.ownerOfKey(CODEC.encode("key-" + i)).equals(owner)) {
        key = "key-" + i;
      }
    }
    cluster.manager(0).createCache("leased", new MutableConfiguration<String, String>()
        .setTypes(String.class, String.class));
  }

  @BeforeEach
  void connect() {
    client = new PeerClient(new Member(owner, owner), NodeSettings.embedded());
    cache().put(key, "before");
  }

  @AfterEach
  void disconnect() {
    client.close();
  }

  private static Cache<String, String> cache() {
    return cluster.manager(0).getCache("leased", String.class, String.class);
  }

  /** A Lease stream driven message by message, its answers queued. */
  private final class RawStream implements StreamObserver<LeaseReply> {
    private final BlockingQueue<Object> answers = new LinkedBlockingQueue<>();
    private final StreamObserver<LeaseRequest> requests =
        client.asyncStub(Duration.ofSeconds(30)).lease(this);

    RawStream acquire() {
      Header header = Header.newBuilder().setCacheUri(InJvmCluster.URI.toString()).setCacheName("leased")
          .setEpoch(1).setSender(cluster.address(0)).build();
      requests.onNext(LeaseRequest.newBuilder().setAcquire(LeaseAcquire.newBuilder().setHeader(header)
          .setKey(ByteString.copyFrom(CODEC.encode(key)))).build());
      return this;
    }

    RawStream write(LeaseWrite write) {
      requests.onNext(LeaseRequest.newBuilder().setWrite(write).build());
      return this;
    }

    Object next() throws InterruptedException {
      Object answer = answers.poll(30, TimeUnit.SECONDS);
      assertTrue(answer != null, "the owner answered");
      return answer;
    }

    @Override
    public void onNext(LeaseReply reply) {
      answers.add(reply);
    }

    @Override
    public void onError(Throwable failure) {
      answers.add(Status.fromThrowable(failure));
    }

    @Override
    public void onCompleted() {
      answers.add("completed");
    }
  }

  private static void assertInvalid(Object answer) {
    assertTrue(answer instanceof Status status && status.getCode() == Status.Code.INVALID_ARGUMENT,
        "the stream failed with INVALID_ARGUMENT: " + answer);
  }

  /** The lease is free: a well-behaved caller gets it, sees the entry unchanged, and writes. */
  private void assertLeaseFreeAndEntryUnchanged() throws Exception {
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<String> invoke = pool.submit(() -> cache().invoke(key, (entry, arguments) -> entry.getValue()));
      assertEquals("before", invoke.get(30, TimeUnit.SECONDS), "nothing was written, and the lease was released");
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aWriteBeforeTheGrantIsInvalid() throws Exception {
    RawStream stream = new RawStream().write(LeaseWrite.newBuilder().setOutcome(Outcome.OUTCOME_REMOVE).build());
    assertInvalid(stream.next());
    assertLeaseFreeAndEntryUnchanged();
  }

  @Test
  void aSecondAcquireIsInvalidAndReleasesTheLease() throws Exception {
    RawStream stream = new RawStream().acquire();
    LeaseReply granted = (LeaseReply) stream.next();
    assertEquals("before", CODEC.decode(granted.getGranted().getValue().toByteArray()));
    stream.acquire();
    assertInvalid(stream.next());
    assertLeaseFreeAndEntryUnchanged();
  }

  @Test
  void aCorruptValueOrAnUnknownOutcomeWritesNothing() throws Exception {
    assertRefused(LeaseWrite.newBuilder().setOutcome(Outcome.OUTCOME_UPDATE)
        .setValue(ByteString.copyFrom(new byte[] {(byte) 0xEE, 1, 2, 3})).build());
    assertRefused(LeaseWrite.newBuilder().setOutcomeValue(99).build());
    assertRefused(LeaseWrite.newBuilder().setOutcome(Outcome.OUTCOME_CREATE).build());
  }

  /** Gets the lease, sends {@code write}, and checks that it was refused and changed nothing. */
  private void assertRefused(LeaseWrite write) throws Exception {
    RawStream stream = new RawStream().acquire();
    assertTrue(stream.next() instanceof LeaseReply reply && reply.hasGranted());
    stream.write(write);
    assertInvalid(stream.next());
    assertLeaseFreeAndEntryUnchanged();
  }

  @Test
  void aWellFormedStreamWritesAndEnds() throws Exception {
    RawStream stream = new RawStream().acquire();
    assertTrue(stream.next() instanceof LeaseReply reply && reply.hasGranted());
    stream.write(LeaseWrite.newBuilder().setOutcome(Outcome.OUTCOME_UPDATE)
        .setValue(ByteString.copyFrom(CODEC.encode("after"))).build());
    assertTrue(stream.next() instanceof LeaseReply reply && reply.hasWritten() && !reply.getWritten().hasFailure());
    assertEquals("completed", stream.next());
    assertEquals("after", cache().get(key));
  }
}
