package io.peanutcache.cluster.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import io.peanutcache.PeerException;
import io.peanutcache.cluster.ring.PartitionTable;
import io.peanutcache.cluster.transport.proto.Header;
import io.peanutcache.cluster.transport.proto.KeyRequest;
import io.peanutcache.cluster.transport.proto.PeerGrpc;
import io.peanutcache.cluster.transport.proto.Reply;
import io.peanutcache.codec.ValueCodec;
import io.peanutcache.testing.Await;
import io.peanutcache.testing.InJvmCluster;
import io.peanutcache.testing.LogCapture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import javax.cache.Cache;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A node whose loader is slow, under more requests of peers than its threads and queue hold: it
 * runs no more threads than {@code peanutcache.requests.threads}, refuses the rest at once with
 * {@code RESOURCE_EXHAUSTED} (the caller's exception names the node and says it is overloaded),
 * logs the pressure once with the numbers, and serves again afterwards; a request whose deadline
 * passes while it waits is not run, and a wait for another caller's load ends at the deadline.
 */
class OverloadTest {

  private static final ValueCodec CODEC = new ValueCodec(OverloadTest.class.getClassLoader());

  @RegisterExtension
  final InJvmCluster cluster = InJvmCluster.of(2).startedByTheTest();

  private final List<ManagedChannel> channels = new ArrayList<>();
  @RegisterExtension
  final LogCapture pressureLog = LogCapture.of("io.peanutcache.threads.BoundedExecutor");

  private Cache<String, String> start(Map<String, String> settings) {
    GatedLoader.close();
    cluster.with(settings).start();
    return cluster.manager(0).createCache("slow", new MutableConfiguration<String, String>()
        .setTypes(String.class, String.class).setReadThrough(true)
        .setCacheLoaderFactory(FactoryBuilder.factoryOf(GatedLoader.class)));
  }

  @AfterEach
  void openTheGateAndCloseTheClients() throws InterruptedException {
    GatedLoader.open();
    for (ManagedChannel channel : channels) {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void tenThousandConcurrentRequestsGetBoundedThreadsAndClearRefusalsAndTheNodeRecovers() {
    Cache<String, String> fromNode0 = start(Map.of());
    String node1 = cluster.address(1);
    List<String> keys = keysOwnedByNode1("storm", 10_000);
    PeerGrpc.PeerStub stub = rawStubOfNode1().withDeadlineAfter(10, TimeUnit.MINUTES);
    Outcomes outcomes = new Outcomes();
    int threadsBefore = Thread.activeCount();

    for (String key : keys) {
      stub.get(get(key), outcomes.observer(key));
    }

    int threadLimit = 64;
    int queueLimit = 1024;
    poll("every request beyond the threads and the queue is refused",
        () -> outcomes.refused.get() >= keys.size() - threadLimit - queueLimit);
    assertEquals(0, outcomes.served.get(), "the loader holds every request it runs");
    int requestThreads = threadsNamed("peanutcache-requests-" + node1);
    System.out.printf("10000 concurrent gets: %d refused, %d threads of the node's request executor,"
        + " %d more threads in the JVM than before%n", outcomes.refused.get(), requestThreads,
        Thread.activeCount() - threadsBefore);
    assertTrue(requestThreads <= threadLimit, requestThreads + " threads run peers' requests");
    assertTrue(outcomes.refusal.get().contains("overloaded"), outcomes.refusal.get());
    assertTrue(outcomes.refusal.get().contains("peanutcache.requests.threads=64"), outcomes.refusal.get());
    // a real node calling the overloaded one gets an exception naming it
    PeerException overloaded = assertThrows(PeerException.class,
        () -> fromNode0.get(keysOwnedByNode1("caller", 1).get(0)));
    assertEquals("RESOURCE_EXHAUSTED", overloaded.status());
    assertTrue(overloaded.getMessage().contains(node1) && overloaded.getMessage().contains("overloaded"),
        overloaded.getMessage());
    // the pressure is logged, with the numbers, once rather than per refusal
    List<LogRecord> lines = pressureLog.records().stream().filter(line -> line.getLevel() == Level.WARNING).toList();
    assertTrue(!lines.isEmpty() && lines.size() <= 2, lines.size() + " lines for " + outcomes.refused + " refusals");
    String line = java.text.MessageFormat.format(lines.get(0).getMessage(), lines.get(0).getParameters());
    assertTrue(line.contains("the requests of peers on node " + node1 + " were refused")
        && line.contains("of 64 threads busy") && line.contains("of 1024 tasks waiting"), line);

    GatedLoader.open();

    poll("every request accepted is served", () -> outcomes.served.get() + outcomes.refused.get() == keys.size());
    assertEquals(0, outcomes.other.get(), "no other failure: " + outcomes.otherFailure.get());
    assertEquals(keys.size() - outcomes.refused.get(), outcomes.served.get());
    assertTrue(outcomes.served.get() >= threadLimit, "served " + outcomes.served.get());
    // the node serves again, peers and raw clients alike
    String after = keysOwnedByNode1("after", 1).get(0);
    assertEquals("loaded " + after, fromNode0.get(after));
    assertTrue(threadsNamed("peanutcache-requests-" + node1) <= threadLimit);
  }

  @Test
  void aRequestWhoseDeadlinePassesWhileItWaitsForAThreadIsNotRun() {
    start(Map.of("peanutcache.requests.threads", "1", "peanutcache.requests.queue", "10"));
    List<String> keys = keysOwnedByNode1("deadline", 7);
    PeerGrpc.PeerStub stub = rawStubOfNode1();
    Outcomes first = new Outcomes();
    stub.withDeadlineAfter(10, TimeUnit.MINUTES).get(get(keys.get(0)), first.observer(keys.get(0)));
    poll("the first request runs the loader on the one thread", () -> GatedLoader.LOADS.get() == 1);
    Outcomes late = new Outcomes();

    for (String key : keys.subList(1, 6)) {
      stub.withDeadlineAfter(1, TimeUnit.SECONDS).get(get(key), late.observer(key));
    }
    poll("the callers that waited saw their deadlines pass", () -> late.deadlineExceeded.get() == 5);
    GatedLoader.open();
    poll("the first request is served", () -> first.served.get() == 1);
    // one thread takes the queue in order: once the next request is served, the late ones were taken
    Outcomes next = new Outcomes();
    stub.withDeadlineAfter(10, TimeUnit.MINUTES).get(get(keys.get(6)), next.observer(keys.get(6)));
    poll("the next request is served", () -> next.served.get() == 1);

    assertEquals(2, GatedLoader.LOADS.get(), "the loader ran for the first and the next request only");
  }

  @Test
  void aWaitForAnotherCallersLoadEndsAtTheRequestsDeadline() {
    start(Map.of("peanutcache.requests.threads", "2", "peanutcache.requests.queue", "1",
        "peanutcache.load.timeout", "10m"));
    String key = keysOwnedByNode1("shared", 1).get(0);
    String other = keysOwnedByNode1("other", 1).get(0);
    PeerGrpc.PeerStub stub = rawStubOfNode1();
    Outcomes leader = new Outcomes();
    stub.withDeadlineAfter(10, TimeUnit.MINUTES).get(get(key), leader.observer(key));
    poll("the leader runs the loader", () -> GatedLoader.LOADS.get() == 1);
    // the waiter takes the executor's second thread; on a busy machine another request of the
    // cluster may hold it for a moment, and the waiter is then refused: it is sent again
    Outcomes latest = waiterOutcome(stub, key);
    for (int attempt = 1; latest.refused.get() == 1 && attempt < 20; attempt++) {
      latest = waiterOutcome(stub, key);
    }
    Outcomes waiter = latest;
    assertEquals(1, waiter.deadlineExceeded.get(), () -> "expected the waiter's caller to see its deadline pass,"
        + " but the waiter was " + (waiter.refused.get() == 1 ? "refused 20 times: " + waiter.refusal.get()
            : waiter.served.get() == 1 ? "served while the leader loads" : "failed: " + waiter.otherFailure.get()));

    // the waiter's thread is free again, well before the load timeout of 10 minutes: a request
    // that needs it is served while the leader still loads
    PeerGrpc.PeerBlockingStub blocking = PeerGrpc.newBlockingStub(channels.get(0));
    poll("a request runs on the thread the waiter left", () -> {
      try {
        Reply reply = blocking.withDeadlineAfter(5, TimeUnit.SECONDS).containsKey(get(other));
        return !reply.getFlag();
      } catch (io.grpc.StatusRuntimeException stillBusy) {
        return false;
      }
    });
    assertEquals(0, leader.served.get(), "the leader still loads");
    assertEquals(1, GatedLoader.LOADS.get());
  }

  /** Sends a get of {@code key} with a deadline of 1 s and waits for its one outcome. */
  private Outcomes waiterOutcome(PeerGrpc.PeerStub stub, String key) {
    Outcomes outcomes = new Outcomes();
    stub.withDeadlineAfter(1, TimeUnit.SECONDS).get(get(key), outcomes.observer(key));
    poll("an outcome for the waiter", () -> outcomes.outcomes() == 1);
    return outcomes;
  }

  private PeerGrpc.PeerStub rawStubOfNode1() {
    ManagedChannel channel = NettyChannelBuilder.forTarget(cluster.address(1)).usePlaintext().build();
    channels.add(channel);
    return PeerGrpc.newStub(channel);
  }

  private KeyRequest get(String key) {
    return KeyRequest.newBuilder().setHeader(Header.newBuilder().setCacheUri(InJvmCluster.URI.toString())
        .setCacheName("slow").setEpoch(1).setSender(cluster.address(0))).setKey(ByteString.copyFrom(CODEC.encode(key)))
        .build();
  }

  private List<String> keysOwnedByNode1(String prefix, int count) {
    PartitionTable table = PartitionTable.of(cluster.addresses());
    List<String> keys = new ArrayList<>();
    for (int i = 0; keys.size() < count; i++) {
      String key = prefix + "-" + i;
      if (table.ownerOfKey(CODEC.encode(key)).equals(cluster.address(1))) {
        keys.add(key);
      }
    }
    return keys;
  }

  private static int threadsNamed(String prefix) {
    return (int) Thread.getAllStackTraces().keySet().stream()
        .filter(thread -> thread.isAlive() && thread.getName().startsWith(prefix + "-")).count();
  }

  /** What the calls of a test came to. */
  private static final class Outcomes {
    final AtomicInteger served = new AtomicInteger();
    final AtomicInteger refused = new AtomicInteger();
    final AtomicInteger deadlineExceeded = new AtomicInteger();
    final AtomicInteger other = new AtomicInteger();
    final AtomicReference<String> refusal = new AtomicReference<>();
    final AtomicReference<Throwable> otherFailure = new AtomicReference<>();

    /** How many outcomes the calls have had. */
    int outcomes() {
      return served.get() + refused.get() + deadlineExceeded.get() + other.get();
    }

    StreamObserver<Reply> observer(String key) {
      return new StreamObserver<>() {
        @Override
        public void onNext(Reply reply) {
          if (("loaded " + key).equals(CODEC.decode(reply.getValue().toByteArray()))) {
            served.incrementAndGet();
          } else {
            other.incrementAndGet();
            otherFailure.set(new AssertionError("unexpected reply " + reply));
          }
        }

        @Override
        public void onError(Throwable failure) {
          Status status = Status.fromThrowable(failure);
          if (status.getCode() == Status.Code.RESOURCE_EXHAUSTED) {
            refusal.set(status.getDescription());
            refused.incrementAndGet();
          } else if (status.getCode() == Status.Code.DEADLINE_EXCEEDED) {
            deadlineExceeded.incrementAndGet();
          } else {
            otherFailure.set(failure);
            other.incrementAndGet();
          }
        }

        @Override
        public void onCompleted() {}
      };
    }
  }

  private static void poll(String what, BooleanSupplier done) {
    Await.until(Duration.ofSeconds(120), done, () -> what);
  }
}
