package io.peanutcache.benchmarks;

import com.sun.management.OperatingSystemMXBean;
import io.grpc.CallOptions;
import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.ChannelOption;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import io.peanutcache.cluster.membership.Member;
import io.peanutcache.cluster.membership.MembershipView;
import io.peanutcache.cluster.ring.ClusterView;
import io.peanutcache.cluster.ring.PartitionTable;
import io.peanutcache.cluster.transport.proto.Header;
import io.peanutcache.cluster.transport.proto.HotSequence;
import io.peanutcache.cluster.transport.proto.InvalidationBatch;
import io.peanutcache.settings.NodeSettings;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Measures what grows with the number of members of a cluster, apart from timing the view change
 * (that is {@link PartitionTableBenchmark}): for 3, 10, 100 and 1,000 members,
 *
 * <ul>
 *   <li>how the 271 partitions spread (members that own none, the most one owns) and how many move
 *       on one join and on one leave;
 *   <li>the heap a partition table and a node's whole view take, beyond the member names they
 *       share with the membership, and the heap of the membership itself per member;
 *   <li>the size of a hot cache's heartbeat, the batch every node sends every other node every
 *       100 ms for each cache with a hot cache: the sequences of the partitions it owns;
 * </ul>
 *
 * <p>and, for one peer, what a node pays whatever the cluster's size: the heap, threads and direct
 * memory of one idle connection (a client channel with {@code PeerConnection}'s settings and its
 * server end with {@code PeerServer}'s, both in this JVM, as every pair of nodes has), and the CPU
 * of one small unary call over loopback (both ends; a hot-cache batch is one), timed by the process
 * CPU clock while rounds of calls go to every channel at once, as a heartbeat goes to every peer.
 *
 * <p>Heap figures are the used heap after full GCs with {@code copies} instances held, divided by
 * {@code copies}. Run: {@code java -Xmx1g -XX:+UseG1GC -cp benchmarks/target/benchmarks.jar
 * io.peanutcache.benchmarks.ClusterScaleMeasurement [connections]} (default 200).
 */
public final class ClusterScaleMeasurement {

  private static final int[] SIZES = {3, 10, 100, 1000};
  private static final int COPIES = 500;
  private static final int PARTITIONS = PartitionTable.DEFAULT_PARTITION_COUNT;
  private static final MethodDescriptor<byte[], byte[]> CALL = MethodDescriptor.<byte[], byte[]>newBuilder()
      .setType(MethodDescriptor.MethodType.UNARY).setFullMethodName("scale.Bench/Invalidate")
      .setRequestMarshaller(new Bytes()).setResponseMarshaller(new Bytes()).build();

  private ClusterScaleMeasurement() {}

  public static void main(String[] args) throws Exception {
    int connections = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    System.out.printf("%s, %s, %d cores%n", System.getProperty("java.vm.name"), System.getProperty("java.version"),
        Runtime.getRuntime().availableProcessors());
    tables();
    connections(connections);
  }

  private static void tables() throws InterruptedException {
    System.out.println("| members | members owning no partition | most partitions of one member | partitions moved"
        + " by a join / a leave | heap of a table | heap of a node's view | heap of the membership per member"
        + " | heartbeat batch bytes |");
    System.out.println("|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (int n : SIZES) {
      List<Member> members = PartitionTableBenchmark.members(n + 1);
      List<String> names = members.stream().map(Member::name).toList().subList(0, n);
      PartitionTable table = PartitionTable.of(names);
      int none = 0;
      int most = 0;
      for (String name : names) {
        int owned = table.partitionsOwnedBy(name).length;
        none += owned == 0 ? 1 : 0;
        most = Math.max(most, owned);
      }
      int joined = moved(table, PartitionTable.of(members.stream().map(Member::name).toList()));
      List<String> fewer = new ArrayList<>(names);
      fewer.remove(n / 2);
      int left = n > 1 ? moved(table, PartitionTable.of(fewer)) : 0;

      MembershipView membership = new MembershipView(7, members.subList(0, n));
      double tableBytes = heldBytes(() -> PartitionTable.of(names));
      double viewBytes = heldBytes(() -> ClusterView.of(membership, names.get(0), PARTITIONS));
      double memberBytes = heldBytes(() -> new MembershipView(7, PartitionTableBenchmark.members(n))) / n;
      int heartbeat = heartbeat(table, names.get(0)).getSerializedSize();
      System.out.printf("| %,d | %,d | %d | %d / %d | %,.0f B | %,.0f B | %.0f B | %d |%n", n, none, most, joined,
          left, tableBytes, viewBytes, memberBytes, heartbeat);
    }
  }

  private static int moved(PartitionTable from, PartitionTable to) {
    int moved = 0;
    for (int p = 0; p < PARTITIONS; p++) {
      moved += from.ownerOf(p).equals(to.ownerOf(p)) ? 0 : 1;
    }
    return moved;
  }

  /** A heartbeat of one cache from {@code self}: the sequence of every partition it owns. */
  private static InvalidationBatch heartbeat(PartitionTable table, String self) {
    InvalidationBatch.Builder batch = InvalidationBatch.newBuilder()
        .setHeader(Header.newBuilder().setCacheUri("urn:peanutcache:app").setCacheName("products")
            .setEpoch(1_234_567).setSender(self).setSentAtMillis(System.currentTimeMillis()))
        .setIncarnation(0x5DEECE66DL * 0x9E3779B97F4A7C15L);
    for (int partition : table.partitionsOwnedBy(self)) {
      batch.addSequences(HotSequence.newBuilder().setPartition(partition).setSequence(123_456));
    }
    return batch.build();
  }

  /** The heap one object made by {@code make} holds beyond what already exists. */
  private static double heldBytes(Supplier<Object> make) throws InterruptedException {
    make.get();
    long before = settledHeap();
    Object[] held = new Object[COPIES];
    for (int i = 0; i < COPIES; i++) {
      held[i] = make.get();
    }
    long after = settledHeap();
    double perCopy = (after - before - (16 + 4.0 * COPIES)) / COPIES;
    if (held[COPIES - 1] == null) {
      throw new IllegalStateException("nothing made");
    }
    return perCopy;
  }

  private static void connections(int count) throws Exception {
    Server server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
        .addService(ServerServiceDefinition.builder("scale.Bench")
            .addMethod(CALL, ServerCalls.asyncUnaryCall((byte[] request, StreamObserver<byte[]> reply) -> {
              reply.onNext(new byte[0]);
              reply.onCompleted();
            })).build())
        .maxInboundMessageSize(NodeSettings.DEFAULT_MAX_MESSAGE_SIZE)
        .permitKeepAliveTime(10, TimeUnit.SECONDS)
        .permitKeepAliveWithoutCalls(true)
        .directExecutor()
        .build().start();
    String target = "127.0.0.1:" + server.getPort();
    List<ManagedChannel> channels = new ArrayList<>();
    try {
      channels.add(connected(target)); // the shared event loops and classes, before the baseline
      long heapBefore = settledHeap();
      int threadsBefore = Thread.activeCount();
      long directBefore = directBytes();
      for (int i = 0; i < count; i++) {
        channels.add(channel(target));
      }
      awaitReady(channels);
      long heapAfter = settledHeap();
      System.out.printf("%n%,d idle connections (client channel + server end, plaintext): heap %,.0f B each;"
          + " threads %d -> %d; direct buffers %,d -> %,d B%n", count, (heapAfter - heapBefore) / (double) count,
          threadsBefore, Thread.activeCount(), directBefore, directBytes());

      Map<String, byte[]> payloads = new LinkedHashMap<>();
      payloads.put("heartbeat of 3 members", heartbeat(PartitionTable.of(names(3)), names(3).get(0)).toByteArray());
      payloads.put("heartbeat of 1,000 members",
          heartbeat(PartitionTable.of(names(1000)), names(1000).get(0)).toByteArray());
      rounds(channels, payloads.values().iterator().next(), 200); // warm-up
      OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
      for (int pass = 1; pass <= 2; pass++) {
        for (Map.Entry<String, byte[]> payload : payloads.entrySet()) {
          long cpu = os.getProcessCpuTime();
          long wall = System.nanoTime();
          int calls = rounds(channels, payload.getValue(), 200);
          System.out.printf("pass %d: unary call of a %s (%d B), rounds to all %d channels at once: %.1f µs of CPU"
              + " per call (both ends), %.1f µs of wall time per call%n", pass, payload.getKey(),
              payload.getValue().length, channels.size(), (os.getProcessCpuTime() - cpu) / 1e3 / calls,
              (System.nanoTime() - wall) / 1e3 / calls);
        }
      }
    } finally {
      channels.forEach(ManagedChannel::shutdownNow);
      server.shutdownNow();
    }
  }

  private static List<String> names(int n) {
    return PartitionTableBenchmark.members(n).stream().map(Member::name).toList();
  }

  /** Sends one call on every channel at once, {@code rounds} times; returns the number of calls. */
  private static int rounds(List<ManagedChannel> channels, byte[] payload, int rounds) throws InterruptedException {
    for (int round = 0; round < rounds; round++) {
      CountDownLatch answered = new CountDownLatch(channels.size());
      for (ManagedChannel channel : channels) {
        ClientCalls.asyncUnaryCall(channel.newCall(CALL, CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS)),
            payload, new StreamObserver<>() {
              @Override
              public void onNext(byte[] value) {}

              @Override
              public void onError(Throwable t) {
                answered.countDown();
              }

              @Override
              public void onCompleted() {
                answered.countDown();
              }
            });
      }
      if (!answered.await(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("calls unanswered after 30 s");
      }
    }
    return rounds * channels.size();
  }

  /** A channel with the settings of {@code PeerConnection}, connecting. */
  private static ManagedChannel channel(String target) {
    ManagedChannel channel = NettyChannelBuilder.forTarget(target).usePlaintext()
        .maxInboundMessageSize(NodeSettings.DEFAULT_MAX_MESSAGE_SIZE)
        .withOption(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
        .keepAliveTime(20, TimeUnit.SECONDS)
        .keepAliveTimeout(10, TimeUnit.SECONDS)
        .keepAliveWithoutCalls(true)
        .idleTimeout(31, TimeUnit.DAYS)
        .build();
    channel.getState(true);
    return channel;
  }

  private static ManagedChannel connected(String target) throws InterruptedException {
    ManagedChannel channel = channel(target);
    awaitReady(List.of(channel));
    return channel;
  }

  private static void awaitReady(List<ManagedChannel> channels) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    for (ManagedChannel channel : channels) {
      while (channel.getState(true) != ConnectivityState.READY) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("a channel is not ready after 60 s: " + channel.getState(false));
        }
        Thread.sleep(5);
      }
    }
  }

  /** The direct buffers of the JDK's pool and of Netty's own (its counter, if it keeps one). */
  private static long directBytes() {
    return ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
        .filter(pool -> pool.getName().equals("direct")).mapToLong(BufferPoolMXBean::getMemoryUsed).sum()
        + Math.max(0, io.grpc.netty.shaded.io.netty.util.internal.PlatformDependent.usedDirectMemory());
  }

  /** The used heap after full GCs, once two in a row leave it within 16 KB of each other. */
  private static long settledHeap() throws InterruptedException {
    long previous = Long.MAX_VALUE;
    for (int round = 0; round < 20; round++) {
      System.gc();
      Thread.sleep(50);
      long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
      if (Math.abs(used - previous) < 16 * 1024) {
        return used;
      }
      previous = used;
    }
    return previous;
  }

  /** Passes byte arrays as they are. */
  private static final class Bytes implements MethodDescriptor.Marshaller<byte[]> {
    @Override
    public InputStream stream(byte[] value) {
      return new ByteArrayInputStream(value);
    }

    @Override
    public byte[] parse(InputStream stream) {
      try {
        return stream.readAllBytes();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
