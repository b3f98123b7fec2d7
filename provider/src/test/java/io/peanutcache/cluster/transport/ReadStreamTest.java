package io.peanutcache.cluster.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.peanutcache.PeerException;
import io.peanutcache.cluster.hosting.CacheId;
import io.peanutcache.cluster.membership.Member;
import io.peanutcache.cluster.membership.MembershipView;
import io.peanutcache.cluster.ring.ClusterView;
import io.peanutcache.cluster.transport.proto.HotReply;
import io.peanutcache.cluster.transport.proto.PeerGrpc;
import io.peanutcache.cluster.transport.proto.Read;
import io.peanutcache.cluster.transport.proto.ReadBatch;
import io.peanutcache.cluster.transport.proto.ReadKind;
import io.peanutcache.cluster.transport.proto.ReadReplies;
import io.peanutcache.cluster.transport.proto.ReadReply;
import io.peanutcache.cluster.transport.proto.Reply;
import io.peanutcache.settings.NodeSettings;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.integration.CacheLoaderException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A node's client reading over its stream of reads to a peer that is a plain gRPC server on
 * loopback, made to answer as each test needs: callers whose reads share the stream each stop at
 * their own deadline; reads on a stream that breaks under them are sent again once, on a new
 * stream, and fail at once, not at their deadline, when that breaks too; a caller waiting alone
 * gets a reply that comes long after its read went out, and one interrupted while it waits
 * stops waiting and stays interrupted.
 */
class ReadStreamTest {

  private static final CacheId CACHE = new CacheId("urn:test", "reads");

  private final ExecutorService callers = Executors.newCachedThreadPool();
  private Server server;
  private PeerClient client;
  private ClusterView view;
  /** Every read the peer received, by stream in the order the streams opened. */
  private final List<List<Read>> received = new CopyOnWriteArrayList<>();

  @AfterEach
  void stop() throws InterruptedException {
    callers.shutdownNow();
    if (client != null) {
      client.close();
    }
    if (server != null) {
      server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  /** Starts the peer: each stream of reads it takes is handed, with its index, to {@code serve}. */
  private void startPeer(Map<String, String> settings, StreamServer serve) throws IOException {
    AtomicInteger streams = new AtomicInteger();
    server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
        .addService(new PeerGrpc.PeerImplBase() {
          @Override
          public StreamObserver<ReadBatch> reads(StreamObserver<ReadReplies> out) {
            int index = streams.getAndIncrement();
            List<Read> reads = new CopyOnWriteArrayList<>();
            received.add(reads);
            return new StreamObserver<>() {
              @Override
              public void onNext(ReadBatch batch) {
                reads.addAll(batch.getReadsList());
                serve.accept(index, batch, out);
              }

              @Override
              public void onError(Throwable failure) {}

              @Override
              public void onCompleted() {}
            };
          }
        }).directExecutor().build().start();
    Properties properties = new Properties();
    properties.putAll(settings);
    Member peer = new Member("peer", "127.0.0.1:" + server.getPort());
    client = new PeerClient(peer, NodeSettings.resolve(properties, new Properties(), Map.of(), null, null));
    view = ClusterView.of(new MembershipView(1, List.of(new Member("self", "127.0.0.1:1"), peer)), "self", 271);
  }

  /** What the peer does with a batch of reads on its stream number {@code index}. */
  @FunctionalInterface
  private interface StreamServer {
    void accept(int index, ReadBatch batch, StreamObserver<ReadReplies> out);
  }

  /** Answers every read of the batch with its key as the value. */
  private static void echo(ReadBatch batch, StreamObserver<ReadReplies> out) {
    ReadReplies.Builder replies = ReadReplies.newBuilder();
    for (Read read : batch.getReadsList()) {
      replies.addReplies(ReadReply.newBuilder().setId(read.getId()).setReply(HotReply.newBuilder()
          .setReply(Reply.newBuilder().setPresent(true).setValue(read.getKey()))));
    }
    synchronized (out) {
      out.onNext(replies.build());
    }
  }

  private CompletableFuture<Object> readAsync(CallKind kind, byte[] key) {
    return CompletableFuture.supplyAsync(() -> {
      long start = System.nanoTime();
      try {
        HotReply reply = client.read("get", CACHE, kind, ReadKind.GET, view, key);
        return reply.getReply().getValue().toByteArray();
      } catch (RuntimeException e) {
        return new Failed(e, Duration.ofNanos(System.nanoTime() - start));
      }
    }, callers);
  }

  /** A read that failed, and how long its caller waited. */
  private record Failed(RuntimeException failure, Duration waited) {}

  @Test
  void callersWhoseReadsShareTheStreamEachStopAtTheirOwnDeadline() throws Exception {
    // a peer that takes every read and answers none
    startPeer(Map.of("peanutcache.rpc.timeout", "1s", "peanutcache.load.timeout", "3s"), (index, batch, out) -> {});
    client.awaitReady("get", CACHE);
    List<CompletableFuture<Object>> reads = new ArrayList<>();
    List<CompletableFuture<Object>> loads = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      reads.add(readAsync(CallKind.READ, new byte[] {1, (byte) i}));
      loads.add(readAsync(CallKind.LOAD, new byte[] {2, (byte) i}));
    }

    for (CompletableFuture<Object> read : reads) {
      Failed failed = assertInstanceOf(Failed.class, read.get(60, TimeUnit.SECONDS));
      PeerException refused = assertInstanceOf(PeerException.class, failed.failure());
      assertEquals("DEADLINE_EXCEEDED", refused.status(), refused.getMessage());
      assertTrue(failed.waited().toMillis() >= 900 && failed.waited().toMillis() < 3_500,
          "a read stops at its 1 s deadline, not at the loads' 4 s: it waited " + failed.waited());
    }
    for (CompletableFuture<Object> load : loads) {
      Failed failed = assertInstanceOf(Failed.class, load.get(60, TimeUnit.SECONDS));
      CacheLoaderException timedOut = assertInstanceOf(CacheLoaderException.class, failed.failure());
      assertTrue(timedOut.getMessage().contains("load timeout"), timedOut.getMessage());
      assertTrue(failed.waited().toMillis() >= 3_900, "a load waits its 4 s deadline: " + failed.waited());
    }
    List<Read> sent = received.get(0);
    assertEquals(12, sent.size(), "every read went out on the one stream");
    for (Read read : sent) {
      long timeout = read.getTimeoutNanos();
      long deadline = read.getKey().byteAt(0) == 1 ? TimeUnit.SECONDS.toNanos(1) : TimeUnit.SECONDS.toNanos(4);
      assertTrue(timeout > 0 && timeout <= deadline, "a read tells the peer the time left to its deadline: " + timeout);
    }
  }

  @Test
  void readsOnAStreamThatBreaksAreSentAgainOnceOnANewStream() throws Exception {
    AtomicInteger taken = new AtomicInteger();
    // the first stream breaks once it has taken four reads, which it never answers
    startPeer(Map.of("peanutcache.rpc.timeout", "60s"), (index, batch, out) -> {
      if (index > 0) {
        echo(batch, out);
      } else if (taken.addAndGet(batch.getReadsCount()) >= 4) {
        out.onError(Status.UNAVAILABLE.withDescription("the connection broke").asRuntimeException());
      }
    });
    client.awaitReady("get", CACHE);
    List<CompletableFuture<Object>> reads = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      reads.add(readAsync(CallKind.READ, new byte[] {(byte) i}));
    }

    for (int i = 0; i < 4; i++) {
      Object outcome = reads.get(i).get(30, TimeUnit.SECONDS);
      assertInstanceOf(byte[].class, outcome, () -> "the read was sent again and answered: " + outcome);
      assertArrayEquals(new byte[] {(byte) i}, (byte[]) outcome);
    }
    assertEquals(4, received.get(0).size(), "the first stream took the four reads");
    assertEquals(4, received.stream().skip(1).mapToInt(List::size).sum(), "and later streams took them again");
  }

  @Test
  void readsOnStreamsThatKeepBreakingFailAtOnceNotAtTheirDeadline() throws Exception {
    startPeer(Map.of("peanutcache.rpc.timeout", "60s"), (index, batch, out) ->
        out.onError(Status.UNAVAILABLE.withDescription("the connection broke").asRuntimeException()));
    client.awaitReady("get", CACHE);

    Object outcome = readAsync(CallKind.READ, new byte[] {7}).get(30, TimeUnit.SECONDS);

    Failed failed = assertInstanceOf(Failed.class, outcome);
    PeerException refused = assertInstanceOf(PeerException.class, failed.failure());
    assertEquals("UNAVAILABLE", refused.status(), refused.getMessage());
    assertTrue(refused.getMessage().contains("the connection broke"), refused.getMessage());
    assertTrue(failed.waited().toSeconds() < 10, "failed at once, not at the 60 s deadline: " + failed.waited());
    assertEquals(2, received.size(), "sent once more, on a second stream");
  }

  @Test
  void aLoneCallerGetsAReplyThatComesLongAfterItsReadWentOut() throws Exception {
    ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor();
    try {
      // the peer answers each read 300 ms after it came
      startPeer(Map.of("peanutcache.rpc.timeout", "30s"),
          (index, batch, out) -> later.schedule(() -> echo(batch, out), 300, TimeUnit.MILLISECONDS));
      client.awaitReady("get", CACHE);

      for (byte i = 0; i < 3; i++) {
        Object outcome = readAsync(CallKind.READ, new byte[] {i}).get(30, TimeUnit.SECONDS);
        assertInstanceOf(byte[].class, outcome, () -> "the reply reached its caller: " + outcome);
        assertArrayEquals(new byte[] {i}, (byte[]) outcome);
      }
    } finally {
      later.shutdownNow();
    }
  }

  @Test
  void aCallerInterruptedWhileItWaitsForItsReplyStopsWaitingAndStaysInterrupted() throws Exception {
    // a peer that takes every read and answers none
    startPeer(Map.of("peanutcache.rpc.timeout", "60s"), (index, batch, out) -> {});
    client.awaitReady("get", CACHE);
    CompletableFuture<Object> outcome = new CompletableFuture<>();
    Thread caller = new Thread(() -> {
      try {
        outcome.complete(client.read("get", CACHE, CallKind.READ, ReadKind.GET, view, new byte[] {9}));
      } catch (RuntimeException e) {
        outcome.complete(List.of(e, Thread.currentThread().isInterrupted()));
      }
    }, "interrupted-caller");
    caller.start();
    while (received.isEmpty() || received.get(0).isEmpty()) {
      Thread.sleep(10); // until the read is on the wire and its caller waits for the reply
    }
    caller.interrupt();

    List<?> failed = assertInstanceOf(List.class, outcome.get(10, TimeUnit.SECONDS),
        "the caller stopped waiting at once, not at its 60 s deadline");
    PeerException stopped = assertInstanceOf(PeerException.class, failed.get(0));
    assertEquals("CANCELLED", stopped.status(), stopped.getMessage());
    assertEquals(true, failed.get(1), "the caller is still interrupted");
  }
}
