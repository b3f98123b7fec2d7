package io.peanutcache.cluster.loading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.peanutcache.jcache.PeanutCache;
import io.peanutcache.testing.InJvmCluster;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.Cache;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.integration.CacheLoaderException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link PeanutCache#getAsync}: the same answers as {@code get}, from this node or the key's owner
 * in another JVM, without a thread of this JVM waiting for the owner's reply.
 */
class AsyncGetTest {

  private static final AtomicInteger KEYS = new AtomicInteger();

  /**
   * Node 0 in this JVM, nodes 1 and 2 in JVMs of their own, shared by the tests that leave every
   * node running: each uses keys of its own.
   */
  @RegisterExtension
  static final InJvmCluster cluster = InJvmCluster.of(3).inOtherJvms(1, 2);

  private static PeanutCache<String, String> rows;

  @BeforeAll
  static void start() {
    rows = createRows(cluster);
  }

  /** The read-through cache of the tests, created through node 0 of {@code nodes}. */
  @SuppressWarnings("unchecked")
  private static PeanutCache<String, String> createRows(InJvmCluster nodes) {
    Cache<String, String> cache = nodes.manager(0).createCache("rows", new MutableConfiguration<String, String>()
        .setTypes(String.class, String.class)
        .setReadThrough(true)
        .setCacheLoaderFactory(FactoryBuilder.factoryOf(DatabaseLikeLoader.class)));
    return cache.unwrap(PeanutCache.class);
  }

  /** A key of {@code prefix} that no other test uses, owned by node {@code node}. */
  private static String keyOwnedBy(String prefix, int node) {
    return keyOwnedBy(rows, cluster, prefix, node);
  }

  /** A key of {@code prefix} that no other test uses, owned by node {@code node} of {@code nodes}. */
  private static String keyOwnedBy(PeanutCache<String, String> cache, InJvmCluster nodes, String prefix, int node) {
    int unique = KEYS.incrementAndGet();
    for (int i = 0; ; i++) {
      String key = prefix + "-async" + unique + "-" + i;
      if (cache.ownerOf(key).equals(nodes.address(node))) {
        return key;
      }
    }
  }

  @Test
  void givesWhatGetGivesFromThisNodeAndFromTheOwner() throws Exception {
    String here = keyOwnedBy("slow-0", 0);
    String there = keyOwnedBy("slow-0", 1);
    rows.put(there, "stored on its owner");

    assertEquals("stored on its owner", rows.getAsync(there).get(10, TimeUnit.SECONDS));
    assertEquals(DatabaseLikeLoader.rowOf(here), rows.getAsync(here).get(10, TimeUnit.SECONDS));
    String loadedThere = keyOwnedBy("slow-0", 2);
    assertEquals(DatabaseLikeLoader.rowOf(loadedThere), rows.getAsync(loadedThere).get(10, TimeUnit.SECONDS));
    assertEquals(0, DatabaseLikeLoader.loadsOf(loadedThere), "loaded by its owner, in its own JVM");
  }

  @Test
  void aLoaderFailureOnTheOwnerCompletesTheResultWithIt() {
    String failing = keyOwnedBy("fail-0", 1);

    ExecutionException thrown = assertThrows(ExecutionException.class,
        () -> rows.getAsync(failing).get(10, TimeUnit.SECONDS));

    assertInstanceOf(CacheLoaderException.class, thrown.getCause());
    assertTrue(thrown.getCause().getMessage().startsWith(DatabaseLikeLoader.failureOf(failing)),
        thrown.getCause().getMessage());
  }

  @Test
  void getsWaitingForTheOwnersSlowLoadsHoldNoThreadHere() throws Exception {
    List<String> keys = new ArrayList<>();
    for (int i = 0; keys.size() < 100; i++) {
      String key = "slow-1500-many-" + i;
      if (!rows.ownerOf(key).equals(cluster.address(0))) {
        keys.add(key);
      }
    }
    rows.getAsync(keys.get(0)).get(10, TimeUnit.SECONDS); // connections and classes in place
    int threadsBefore = ManagementFactory.getThreadMXBean().getThreadCount();

    List<CompletableFuture<String>> gets = new ArrayList<>();
    for (String key : keys.subList(1, keys.size())) {
      gets.add(rows.getAsync(key));
    }
    int threadsWhileWaiting = ManagementFactory.getThreadMXBean().getThreadCount();
    long pending = gets.stream().filter(get -> !get.isDone()).count();

    for (int i = 0; i < gets.size(); i++) {
      assertEquals(DatabaseLikeLoader.rowOf(keys.get(i + 1)), gets.get(i).get(30, TimeUnit.SECONDS));
    }
    assertTrue(pending > 90, "the gets were still waiting for their owners' loads: " + pending + " of 99");
    assertTrue(threadsWhileWaiting - threadsBefore < 20, "99 gets waiting on their owners took "
        + (threadsWhileWaiting - threadsBefore) + " more threads here");
    System.out.printf("[async get] 99 gets waiting on owners' 1.5 s loads: %d threads before, %d while waiting%n",
        threadsBefore, threadsWhileWaiting);
  }

  @Test
  void anOwnerThatCannotBeReachedIsLoadedAroundAsGetDoes() throws Exception {
    // a cluster of its own: this test kills a node and closes the cache
    try (InJvmCluster nodes = InJvmCluster.of(3).inOtherJvms(1, 2).start()) {
      PeanutCache<String, String> ownRows = createRows(nodes);
      String orphan = keyOwnedBy(ownRows, nodes, "slow-0", 1);
      String stored = keyOwnedBy(ownRows, nodes, "slow-0", 2);
      ownRows.put(stored, "kept");
      nodes.kill(1);

      assertEquals(DatabaseLikeLoader.rowOf(orphan), ownRows.getAsync(orphan).get(30, TimeUnit.SECONDS));
      assertEquals(1, DatabaseLikeLoader.loadsOf(orphan), "loaded here, once");
      assertEquals("kept", ownRows.getAsync(stored).get(10, TimeUnit.SECONDS));
      assertThrows(NullPointerException.class, () -> ownRows.getAsync(null));
      ownRows.close();
      assertThrows(IllegalStateException.class, () -> ownRows.getAsync(stored));
    }
  }
}
