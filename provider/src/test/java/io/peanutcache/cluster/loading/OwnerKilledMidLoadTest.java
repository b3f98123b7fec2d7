package io.peanutcache.cluster.loading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.peanutcache.jcache.PeanutCache;
import io.peanutcache.testing.InJvmCluster;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import javax.cache.Cache;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One node in this JVM and two in JVMs of their own, with the default timeouts; the owner of a key
 * is killed with SIGKILL while it loads the key for this node's waiting callers.
 */
class OwnerKilledMidLoadTest {

  private static final long LOAD_MILLIS = 4_000;

  /** Node 0 in this JVM, nodes 1 and 2 in JVMs of their own. */
  @RegisterExtension
  final InJvmCluster cluster = InJvmCluster.of(3).inOtherJvms(1, 2);

  private Cache<String, String> rows;

  @BeforeEach
  void start() throws Exception {
    rows = cluster.manager(0).createCache("rows", new MutableConfiguration<String, String>()
        .setTypes(String.class, String.class)
        .setReadThrough(true)
        .setCacheLoaderFactory(FactoryBuilder.factoryOf(DatabaseLikeLoader.class)));
  }

  /** A slow key that the node at {@code address} owns. */
  @SuppressWarnings("unchecked")
  private String slowKeyOwnedBy(String address) {
    PeanutCache<String, String> cache = rows.unwrap(PeanutCache.class);
    for (int i = 0; ; i++) {
      String key = "slow-" + LOAD_MILLIS + "-killed-" + i;
      if (cache.ownerOf(key).equals(address)) {
        return key;
      }
    }
  }

  @Test
  void waitersOfAnOwnerKilledMidLoadLoadHereOnceAndNoneWaitsForADeadline() throws Exception {
    String key = slowKeyOwnedBy(cluster.address(1));
    CompletableFuture<Void> kill = CompletableFuture.runAsync(() -> {
      try {
        Thread.sleep(1_500); // the owner is loading the key for the callers below
        cluster.kill(1);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });

    List<Crowd.Outcome> outcomes = Crowd.call(List.of(rows), 8, Duration.ofSeconds(60), cache -> cache.get(key));
    kill.join();

    for (Crowd.Outcome outcome : outcomes) {
      assertNull(outcome.failure(), () -> "a caller failed: " + outcome.failure());
      assertEquals(DatabaseLikeLoader.rowOf(key), outcome.value());
    }
    assertEquals(1, DatabaseLikeLoader.loadsOf(key), "the waiters share one load on this node");
    Duration slowest = Crowd.slowest(outcomes);
    // killed after 1.5 s, then one local load of 4 s: far from the 60 s load timeout
    assertTrue(slowest.compareTo(Duration.ofSeconds(30)) < 0, "the slowest caller took " + slowest);
    System.out.printf("[owner killed mid-load] 8 waiters served by one local load; slowest %d ms%n",
        slowest.toMillis());
  }
}
