package io.peanutcache.cluster.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.peanutcache.cluster.Node;
import io.peanutcache.cluster.Nodes;
import io.peanutcache.cluster.ring.ClusterView;
import io.peanutcache.cluster.ring.PartitionTable;
import io.peanutcache.cluster.transport.proto.PutMode;
import io.peanutcache.cluster.transport.proto.PutRequest;
import io.peanutcache.cluster.transport.proto.Reply;
import io.peanutcache.codec.ValueCodec;
import io.peanutcache.testing.Await;
import io.peanutcache.etcd.testing.EtcdServer;
import io.peanutcache.testing.InJvmCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import javax.cache.Cache;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A sender whose view is older than the move of a key's partition is refused as not the owner,
 * even by the node that owns the partition now, so that it catches up before it writes: the
 * partition moved to a third node and came back, and a write routed by the view from before is
 * refused, stores nothing, and lands once the sender has caught up.
 */
class StaleSenderTest {

  private static final Duration WITHIN = Duration.ofSeconds(60);
  private static final ValueCodec CODEC = new ValueCodec(StaleSenderTest.class.getClassLoader());
  private static final PartitionTable PARTITIONS = PartitionTable.of(List.of("any"));

  @RegisterExtension
  static final EtcdServer ETCD = new EtcdServer();

  // a long lease: node-1's view is held back in a test, which must not cost it its registration
  @RegisterExtension
  final InJvmCluster cluster = InJvmCluster.of(2).etcd(ETCD::endpoint).rpcTimeout(Duration.ofSeconds(5))
      .with("peanutcache.etcd.lease-ttl", "60s")
      // a node held back cannot take over node-3's partitions as it leaves: it is not waited for long
      .with("peanutcache.handoff.timeout", "2s");

  @Test
  void aWriteRoutedByAViewFromBeforeAPartitionMovedIsRefusedAndStoresNothing() throws Exception {
    Cache<String, String> fromFirst = cluster.manager(0).createCache("moves", strings());
    ClusterView before = node(0).view();
    ClusterView during = joinAndLeave();
    ClusterView after = node(0).view();
    String moved = keyThatWentTo("node-3", during);
    String stayed = keyThatStayed(before, during);
    int owner = indexOf(before.ownerOf(partition(moved)).name());
    String sender = "node-" + (2 - owner); // the other node
    assertEquals(before.ownerOf(partition(moved)), after.ownerOf(partition(moved)), "the same members, the same owner");

    try (RawPeerChannel channel = RawPeerChannel.to(cluster.address(owner))) {
      StatusRuntimeException refused = assertThrows(StatusRuntimeException.class,
          () -> channel.stub().put(put(moved, "stale", sender, before.epoch())));

      assertEquals(Status.Code.FAILED_PRECONDITION, refused.getStatus().getCode());
      assertTrue(refused.getStatus().getDescription().startsWith("not owner"), refused.getMessage());
      assertTrue(refused.getStatus().getDescription().contains("epoch " + before.epoch()), refused.getMessage());
      assertNull(cluster.manager(owner).getCache("moves", String.class, String.class).get(moved),
          "the refused value is not stored on the owner");

      Reply kept = channel.stub().put(put(stayed, "kept", sender, before.epoch()));
      assertFalse(kept.hasFailure(), "a partition that never moved takes the same old sender's write");
      Reply caughtUp = channel.stub().put(put(moved, "caught up", sender, after.epoch()));
      assertFalse(caughtUp.hasFailure(), "the moved partition takes a write from the current view");
    }
    assertEquals("kept", fromFirst.get(stayed));
    assertEquals("caught up", fromFirst.get(moved));

    cluster.manager(1 - owner).getCache("moves", String.class, String.class).put(moved, "routed");
    assertEquals("routed", cluster.manager(owner).getCache("moves", String.class, String.class).get(moved),
        "a routed put lands on the owner");
  }

  @Test
  void aNodeWhoseViewIsHeldBackIsRefusedAndSendsAgainOnceItCaughtUp() throws Exception {
    Cache<String, String> fromFirst = cluster.manager(0).createCache("held", strings());
    Node first = node(0);
    ClusterView before = first.view();
    List<String> moved = new ArrayList<>();
    Thread put;
    Thread putAll;
    AtomicReference<Throwable> failure = new AtomicReference<>();
    // node-1 adopts views holding its node's lock: while the test holds it, node-1 keeps the view
    // of before, and a refresh of its membership waits
    synchronized (first) {
      ClusterView during = joinAndLeave(node(1));
      assertEquals(before.epoch(), first.view().epoch(), "node-1 is held back");
      for (int i = 0; moved.size() < 4; i++) {
        String key = "key-" + i;
        int partition = partition(key);
        if (before.ownerOf(partition).name().equals("node-2") && during.ownerOf(partition).name().equals("node-3")) {
          moved.add(key);
        }
      }
      put = start("put", () -> fromFirst.put(moved.get(0), "one"), failure);
      Map<String, String> many = new LinkedHashMap<>();
      moved.subList(1, moved.size()).forEach(key -> many.put(key, "many"));
      putAll = start("putAll", () -> fromFirst.putAll(many), failure);

      await(() -> refreshing(put) && refreshing(putAll),
          () -> "node-1 was refused and refreshes its view; stacks: " + Arrays.toString(put.getStackTrace())
              + " " + Arrays.toString(putAll.getStackTrace()));
      Cache<String, String> onOwner = cluster.manager(1).getCache("held", String.class, String.class);
      for (String key : moved) {
        assertNull(onOwner.get(key), "nothing stored yet for " + key);
      }
    }
    put.join(WITHIN.toMillis());
    putAll.join(WITHIN.toMillis());
    assertFalse(put.isAlive() || putAll.isAlive(), "the writes end once node-1 caught up");
    assertNull(failure.get(), () -> "the writes succeed: " + failure.get());
    Cache<String, String> onOwner = cluster.manager(1).getCache("held", String.class, String.class);
    assertEquals("one", onOwner.get(moved.get(0)));
    for (String key : moved.subList(1, moved.size())) {
      assertEquals("many", onOwner.get(key));
    }
  }

  /** Has node-3 join and leave; returns the view of node-1 while node-3 was a member. */
  private ClusterView joinAndLeave() {
    return joinAndLeave(node(0));
  }

  /** Has node-3 join and leave, as {@code watcher} sees it; returns its view with node-3. */
  private ClusterView joinAndLeave(Node watcher) {
    cluster.add("node-3");
    await(() -> watcher.view().members().size() == 3, () -> "node-3 joins: " + watcher.view());
    ClusterView during = watcher.view();
    cluster.stop(2);
    await(() -> watcher.view().members().size() == 2, () -> "node-3 leaves: " + watcher.view());
    await(() -> node(1).view().members().size() == 2, () -> "node-3 leaves: " + node(1).view());
    return during;
  }

  private static boolean refreshing(Thread thread) {
    for (StackTraceElement frame : thread.getStackTrace()) {
      if (frame.getClassName().equals(Node.class.getName()) && frame.getMethodName().equals("refreshMembership")) {
        return true;
      }
    }
    return false;
  }

  private static Thread start(String name, Runnable write, AtomicReference<Throwable> failure) {
    Thread thread = new Thread(() -> {
      try {
        write.run();
      } catch (Throwable e) {
        failure.compareAndSet(null, e);
      }
    }, name);
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  private Node node(int index) {
    return Nodes.of(cluster.manager(index));
  }

  /** A key's partition, the same in every view. */
  private static int partition(String key) {
    return PARTITIONS.partitionOf(CODEC.encode(key));
  }

  /** A key whose partition {@code member} owned during. */
  private static String keyThatWentTo(String member, ClusterView during) {
    for (int i = 0; ; i++) {
      String key = "key-" + i;
      if (during.ownerOf(partition(key)).name().equals(member)) {
        return key;
      }
    }
  }

  /** A key whose partition had the same owner before and during. */
  private static String keyThatStayed(ClusterView before, ClusterView during) {
    for (int i = 0; ; i++) {
      String key = "stayed-" + i;
      if (before.ownerOf(partition(key)).equals(during.ownerOf(partition(key)))) {
        return key;
      }
    }
  }

  private static int indexOf(String name) {
    return Integer.parseInt(name.substring("node-".length())) - 1;
  }

  private static PutRequest put(String key, String value, String sender, long epoch) {
    return PutRequest.newBuilder().setHeader(RawPeerChannel.header("moves", sender, epoch))
        .setKey(ByteString.copyFrom(CODEC.encode(key))).setValue(ByteString.copyFrom(CODEC.encode(value)))
        .setMode(PutMode.PUT).build();
  }

  private static MutableConfiguration<String, String> strings() {
    return new MutableConfiguration<String, String>().setTypes(String.class, String.class);
  }

  private static void await(BooleanSupplier condition, Supplier<String> failure) {
    Await.until(WITHIN, condition, failure);
  }
}
