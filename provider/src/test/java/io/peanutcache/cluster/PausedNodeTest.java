package io.peanutcache.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.peanutcache.testing.Await;
import io.peanutcache.testing.InJvmCluster;
import io.peanutcache.testing.NodeJvm;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Node 1, in a JVM of its own, is frozen with SIGSTOP for {@link #FROZEN} (longer than the 5 s a
 * node may pause and keep what it holds, half the silence after which a peer takes it for
 * unreachable, so peers may have gone on without it) while it owns keys: once it goes on, it holds nothing from before, and a write whose caller gave up while
 * it was frozen does not land late.
 */
class PausedNodeTest {

  static final Duration FROZEN = Duration.ofSeconds(8);

  /** Node 0 in this JVM; node 1 in a JVM of its own. A call gives up after one second. */
  @RegisterExtension
  final InJvmCluster cluster = InJvmCluster.of(2).inOtherJvms(1).rpcTimeout(Duration.ofSeconds(1));

  @Test
  void aNodeFrozenLongerThanItsPeersWaitComesBackEmptyAndTakesNoWriteSentMeanwhile() throws Exception {
    Cache<String, String> cache = cluster.manager(0).createCache("paused",
        new MutableConfiguration<String, String>().setTypes(String.class, String.class));
    String held = cluster.keyOwnedBy(1, "held-");
    String sentWhileFrozen = cluster.keyOwnedBy(1, "sent-while-frozen-");
    cache.put(held, "before the pause");
    assertEquals("before the pause", cache.get(held));

    NodeJvm frozen = cluster.jvm(1);
    long frozenAt = System.nanoTime();
    frozen.freeze();
    try {
      assertThrows(CacheException.class, () -> cache.put(sentWhileFrozen, "sent while frozen"),
          "a put to a frozen owner gives up at its deadline");
      long left = FROZEN.toNanos() - (System.nanoTime() - frozenAt);
      if (left > 0) {
        Thread.sleep(left / 1_000_000);
      }
    } finally {
      frozen.thaw();
    }

    String[] before = new String[1];
    Await.until(Duration.ofSeconds(30), () -> {
      try {
        before[0] = cache.get(held);
        return true;
      } catch (CacheException reconnecting) {
        return false;
      }
    }, () -> "node 1 did not answer once it went on");
    assertNull(before[0], "node 1 still served what it held before it was frozen");
    assertNull(cache.get(sentWhileFrozen), "a put whose caller gave up while node 1 was frozen landed");
    Await.until(Duration.ofSeconds(30), () -> logOf(frozen).contains("did not run for"),
        () -> "node 1 did not warn that it was paused; its log: " + logOf(frozen));

    cache.put(held, "after the pause");
    assertEquals("after the pause", cache.get(held), "node 1 serves again");
  }

  private static String logOf(NodeJvm node) {
    try {
      return Files.readString(node.log());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
