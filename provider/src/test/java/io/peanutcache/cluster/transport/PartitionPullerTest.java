package io.peanutcache.cluster.transport;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.peanutcache.cluster.handoff.HandedEntry;
import io.peanutcache.cluster.handoff.PartitionSource;
import io.peanutcache.cluster.hosting.CacheId;
import io.peanutcache.cluster.membership.Member;
import io.peanutcache.cluster.transport.proto.HandOffBatch;
import io.peanutcache.cluster.transport.proto.HandedEntry.Builder;
import io.peanutcache.cluster.transport.proto.PeerGrpc;
import io.peanutcache.cluster.transport.proto.TakeRequest;
import io.peanutcache.settings.NodeSettings;
import io.peanutcache.testing.FreePorts;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.cache.CacheException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Taking partitions from a former owner that does not listen yet. A node registers in etcd before
 * its server listens, so a member of the view may refuse connections for a moment while it starts:
 * its partitions are waited for, not given up (giving up would lose what it holds of them). A
 * former owner that left the view, or leaves it while it is waited for, and refuses is gone.
 */
class PartitionPullerTest {

  private static final CacheId SESSIONS = new CacheId("urn:test", "sessions");

  private final List<HandedEntry> taken = new CopyOnWriteArrayList<>();
  private Server former;

  @AfterEach
  void stop() throws InterruptedException {
    if (former != null) {
      former.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void aFormerOwnerStillInTheViewIsWaitedForUntilItListens() throws Exception {
    String address = FreePorts.loopbackAddresses(1).get(0);
    CountDownLatch refused = new CountDownLatch(1);
    PartitionPuller puller = new PartitionPuller(member -> {
      PeerClient client = new PeerClient(member, NodeSettings.embedded());
      refused.countDown(); // its channel connects at once, to an address nobody listens on yet
      return client;
    }, "taker");

    CompletableFuture<Long> taking = CompletableFuture.supplyAsync(() ->
        puller.take(new Member("former", address), () -> true, 4, new int[] {3}, Duration.ofSeconds(30), batches()));
    refused.await();
    Thread.sleep(300);
    assertFalse(taking.isDone(), "the taker waits for the former owner to listen");
    former = listen(address);

    assertTrue(taking.get(30, TimeUnit.SECONDS) > 0, "bytes received");
    assertEquals(List.of("kept"), taken.stream().map(entry -> new String(entry.value(), UTF_8)).toList());
  }

  @Test
  void aFormerOwnerThatLeftTheViewAndRefusesIsGone() {
    String address = FreePorts.loopbackAddresses(1).get(0);
    PartitionPuller puller = new PartitionPuller(member -> new PeerClient(member, NodeSettings.embedded()),
        "taker");

    CacheException gone = assertThrows(CacheException.class, () -> puller.take(new Member("former", address),
        () -> false, 4, new int[] {3}, Duration.ofSeconds(30), batches()));

    assertTrue(gone.getMessage().contains("did not hand partitions over to taker")
        && gone.getMessage().contains("refuses connections"), gone.getMessage());
    assertTrue(taken.isEmpty());
  }

  @Test
  void aFormerOwnerThatLeavesTheViewWhileItIsWaitedForIsGone() throws Exception {
    String address = FreePorts.loopbackAddresses(1).get(0);
    AtomicBoolean stillMember = new AtomicBoolean(true);
    PartitionPuller puller = new PartitionPuller(member -> new PeerClient(member, NodeSettings.embedded()),
        "taker");

    CompletableFuture<Long> taking = CompletableFuture.supplyAsync(() -> puller.take(
        new Member("former", address), stillMember::get, 4, new int[] {3}, Duration.ofSeconds(30), batches()));
    Thread.sleep(300);
    stillMember.set(false); // its lease ran out: it died while it was starting

    ExecutionException gone = assertThrows(ExecutionException.class, () -> taking.get(30, TimeUnit.SECONDS));
    assertTrue(gone.getCause().getMessage().contains("refuses connections"),
        "given up once it left, not after the connect timeout: " + gone.getCause().getMessage());
    assertTrue(taken.isEmpty());
  }

  private PartitionSource.Batches batches() {
    return new PartitionSource.Batches() {
      @Override
      public void accept(CacheId cache, List<HandedEntry> entries) {
        assertEquals(SESSIONS, cache);
        taken.addAll(entries);
      }

      @Override
      public void forward(int partition, Member taker) {
        throw new AssertionError("nothing was handed elsewhere");
      }
    };
  }

  /** A former owner that hands over one entry of partition 3. */
  private static Server listen(String address) throws Exception {
    String[] hostAndPort = address.split(":");
    return NettyServerBuilder.forAddress(new InetSocketAddress(hostAndPort[0], Integer.parseInt(hostAndPort[1])))
        .addService(new PeerGrpc.PeerImplBase() {
          @Override
          public void takePartitions(TakeRequest request, StreamObserver<HandOffBatch> out) {
            Builder entry = io.peanutcache.cluster.transport.proto.HandedEntry.newBuilder()
                .setKey(ByteString.copyFromUtf8("key")).setValue(ByteString.copyFromUtf8("kept"));
            out.onNext(HandOffBatch.newBuilder().setCacheUri(SESSIONS.manager()).setCacheName(SESSIONS.name())
                .addEntries(entry).build());
            out.onCompleted();
          }
        }).build().start();
  }
}
