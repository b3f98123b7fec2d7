package io.peanutcache.cluster.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.peanutcache.cluster.Node;
import io.peanutcache.cluster.Nodes;
import io.peanutcache.cluster.ring.ClusterView;
import io.peanutcache.cluster.transport.proto.EntriesReply;
import io.peanutcache.cluster.transport.proto.Header;
import io.peanutcache.cluster.transport.proto.IterateRequest;
import io.peanutcache.cluster.transport.proto.PeerGrpc;
import io.peanutcache.testing.Await;
import io.peanutcache.testing.InJvmCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import javax.cache.Cache;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An owner holding 64 MiB of a cache, streamed to raw clients that open an iteration and never
 * read it: the owner hands gRPC about one chunk beyond the flow-control window and then waits,
 * whatever the size of the cache; a stream whose caller cancels or passes its deadline ends; and
 * no more iterations stream at once than {@code peanutcache.requests.iterations} allows.
 */
class SlowReaderIterationTest {

  private static final int VALUE_BYTES = 64 << 10;
  private static final long OWNED_BYTES = 64L << 20;
  /** Generous: the window of 1 MiB, a chunk of 256 KiB, and room; the cache holds 64 MiB. */
  private static final long BOUND = 8L << 20;

  @RegisterExtension
  static final InJvmCluster cluster = InJvmCluster.of(2).with("peanutcache.requests.iterations", "2");

  private static Node owner;
  private static long heapBeforeIteration;
  private final List<ManagedChannel> channels = new ArrayList<>();

  @BeforeAll
  static void fillTheOwner() {
    cluster.manager(0).createCache("big", new MutableConfiguration<String, byte[]>()
        .setTypes(String.class, byte[].class));
    Cache<String, byte[]> onTheOwner = cluster.manager(1).getCache("big", String.class, byte[].class);
    owner = Nodes.of(cluster.manager(1));
    ClusterView view = owner.view();
    long owned = 0;
    for (int i = 0; owned < OWNED_BYTES; i++) {
      String key = "entry-" + i;
      if (view.isSelf(view.ownerOf(view.partitionOf(owner.caches().all().iterator().next().codec().encode(key))))) {
        byte[] value = new byte[VALUE_BYTES];
        ThreadLocalRandom.current().nextBytes(value);
        onTheOwner.put(key, value);
        owned += VALUE_BYTES;
      }
    }
    heapBeforeIteration = usedHeap();
  }

  @AfterEach
  void closeTheRawClients() throws InterruptedException {
    for (ManagedChannel channel : channels) {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    poll("every iteration ended", () -> owner.iterations().open() == 0);
  }

  /** Opens an iteration of the owner's partitions and never asks for a message of it. */
  private ClientCall<IterateRequest, EntriesReply> iterationNeverRead(CallOptions options,
      AtomicReference<Status> closed) {
    ManagedChannel channel = NettyChannelBuilder.forTarget(cluster.address(1)).usePlaintext().build();
    channels.add(channel);
    ClientCall<IterateRequest, EntriesReply> call = channel.newCall(PeerGrpc.getIterateMethod(), options);
    call.start(new ClientCall.Listener<>() {
      @Override
      public void onClose(Status status, Metadata trailers) {
        closed.set(status);
      }
    }, new Metadata());
    IterateRequest.Builder request = IterateRequest.newBuilder().setHeader(Header.newBuilder()
        .setCacheUri(InJvmCluster.URI.toString()).setCacheName("big").setEpoch(1).setSender(cluster.address(0)));
    for (int partition : owner.view().partitionsOf(owner.view().self())) {
      request.addPartitions(partition);
    }
    call.sendMessage(request.build());
    call.halfClose();
    return call;
  }

  @Test
  void aReaderThatNeverReadsHoldsTheOwnerToAboutOneWindowWhateverTheCacheHolds() {
    AtomicReference<Status> closed = new AtomicReference<>();
    ClientCall<IterateRequest, EntriesReply> call = iterationNeverRead(CallOptions.DEFAULT, closed);

    poll("the owner waits for the reader", () -> owner.iterations().waitingForReaders() == 1);
    long handed = owner.iterations().bytesHanded();
    long heapGrowth = usedHeap() - heapBeforeIteration;
    System.out.printf("owner holds %d MiB of the cache; a stalled iteration had %d KiB handed to gRPC;"
        + " heap used grew by %d KiB since before the iteration%n", OWNED_BYTES >> 20, handed >> 10, heapGrowth >> 10);
    assertTrue(handed < BOUND, "the owner handed " + handed + " bytes to a reader that reads nothing");
    // it stays there: the owner produces nothing more until the reader reads
    for (int look = 0; look < 20; look++) {
      sleep(50);
      assertTrue(owner.iterations().bytesHanded() < BOUND, "handed " + owner.iterations().bytesHanded());
    }

    call.cancel("the test is done", null);
    poll("the cancelled iteration ended on the owner", () -> owner.iterations().open() == 0);
    // the owner still serves an iteration read as it should
    int entries = 0;
    for (Cache.Entry<String, byte[]> entry : cluster.manager(0).getCache("big", String.class, byte[].class)) {
      assertEquals(VALUE_BYTES, entry.getValue().length);
      entries++;
    }
    assertTrue(entries >= OWNED_BYTES / VALUE_BYTES, "read " + entries + " entries");
  }

  @Test
  void anIterationWhoseDeadlinePassesEndsOnTheOwner() {
    AtomicReference<Status> closed = new AtomicReference<>();
    iterationNeverRead(CallOptions.DEFAULT.withDeadlineAfter(1, TimeUnit.SECONDS), closed);

    poll("the caller saw its deadline pass", () -> closed.get() != null);
    assertEquals(Status.Code.DEADLINE_EXCEEDED, closed.get().getCode(), closed.get().toString());
    poll("the iteration ended on the owner", () -> owner.iterations().open() == 0);
  }

  @Test
  void noMoreIterationsStreamAtOnceThanTheLimitAllows() {
    AtomicReference<Status> first = new AtomicReference<>();
    AtomicReference<Status> second = new AtomicReference<>();
    AtomicReference<Status> third = new AtomicReference<>();
    ClientCall<IterateRequest, EntriesReply> call = iterationNeverRead(CallOptions.DEFAULT, first);
    iterationNeverRead(CallOptions.DEFAULT, second);
    poll("two iterations stream", () -> owner.iterations().open() == 2);

    iterationNeverRead(CallOptions.DEFAULT, third);

    poll("the third is refused", () -> third.get() != null);
    assertEquals(Status.Code.RESOURCE_EXHAUSTED, third.get().getCode(), third.get().toString());
    assertTrue(third.get().getDescription().contains("peanutcache.requests.iterations=2"), third.get().toString());
    assertEquals(null, first.get());
    call.cancel("the test is done", null);
    poll("one iteration streams", () -> owner.iterations().open() == 1);
    // room again for an iteration read as it should
    int entries = 0;
    for (Cache.Entry<String, byte[]> entry : cluster.manager(0).getCache("big", String.class, byte[].class)) {
      entries++;
    }
    assertTrue(entries >= OWNED_BYTES / VALUE_BYTES, "read " + entries + " entries");
  }

  @Test
  void anIteratorDroppedBeforeItsEndReleasesItsStreamOnTheOwner() {
    peekAtTheFirstEntryOfTheOwner();
    poll("the owner streams to the dropped iterator", () -> owner.iterations().open() == 1);

    poll("the dropped iterator's stream ended on the owner", () -> {
      System.gc();
      return owner.iterations().open() == 0;
    });
  }

  /** Reads the first entry of an iteration that reaches the owner, and drops the iterator. */
  private static void peekAtTheFirstEntryOfTheOwner() {
    var iterator = cluster.manager(0).getCache("big", String.class, byte[].class).iterator();
    while (iterator.hasNext()) {
      String key = iterator.next().getKey();
      if (owner.view().isSelf(owner.view().ownerOf(owner.view().partitionOf(
          owner.caches().all().iterator().next().codec().encode(key))))) {
        return;
      }
    }
    throw new AssertionError("no entry of the owner");
  }

  private static long usedHeap() {
    Runtime runtime = Runtime.getRuntime();
    for (int i = 0; i < 3; i++) {
      System.gc();
      sleep(100);
    }
    return runtime.totalMemory() - runtime.freeMemory();
  }

  private static void poll(String what, BooleanSupplier done) {
    Await.until(Duration.ofSeconds(60), done, () -> what);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
