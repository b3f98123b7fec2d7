package io.peanutcache.cluster.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.peanutcache.cluster.Nodes;
import io.peanutcache.cluster.hosting.CacheId;
import io.peanutcache.cluster.leases.KeyLeases;
import io.peanutcache.cluster.leases.LeaseKey;
import io.peanutcache.cluster.ring.PartitionTable;
import io.peanutcache.codec.ValueCodec;
import io.peanutcache.testing.InJvmCluster;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.processor.EntryProcessor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two nodes in this JVM and one in a process of its own, which takes a key's lease (the key is
 * owned by a node in this JVM) and is killed with SIGKILL while it holds it.
 */
class LeaseHolderKilledTest {

  private static final int SURVIVOR_THREADS = 4;
  private static final int INCREMENTS = 25;
  private static final EntryProcessor<String, Long, Long> INCREMENT = (entry, arguments) -> {
    long next = entry.exists() ? entry.getValue() + 1 : 1;
    entry.setValue(next);
    return next;
  };

  /** Nodes 0 and 1, the survivors, in this JVM; node 2, the holder, in a JVM of its own. */
  @RegisterExtension
  final InJvmCluster cluster = InJvmCluster.of(3).with("peanutcache.rpc.timeout", "5s").notStarted(2);

  private String key;

  @BeforeEach
  void start() throws Exception {
    key = keyOwnedBy(cluster.address(0));
    cluster.startInOtherJvm(2, holder -> holder.task(HoldsTheLease.class).systemProperty(HoldsTheLease.KEY, key));
    cluster.manager(0).createCache(HoldsTheLease.CACHE,
        new MutableConfiguration<String, Long>().setTypes(String.class, Long.class));
  }

  /**
   * What the holder does once it serves: once the cache exists, it invokes on the key a processor
   * that increments its value, puts 1 under {@code <key>-holding} to say it holds the key's lease,
   * and never returns, so that the test can kill the holder of a lease.
   */
  public static final class HoldsTheLease implements Consumer<CacheManager> {

    static final String CACHE = "counters";

    /** The system property naming the key. */
    static final String KEY = "hold.lease.key";

    @Override
    public void accept(CacheManager manager) {
      String key = System.getProperty(KEY);
      try {
        Cache<String, Long> cache;
        while ((cache = manager.getCache(CACHE, String.class, Long.class)) == null) {
          Thread.sleep(20);
        }
        Cache<String, Long> counters = cache;
        counters.invoke(key, (entry, arguments) -> {
          entry.setValue(entry.exists() ? entry.getValue() + 1 : 1);
          counters.put(key + "-holding", 1L);
          try {
            Thread.sleep(Long.MAX_VALUE);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return null;
        });
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private String keyOwnedBy(String address) {
    PartitionTable table = PartitionTable.of(cluster.addresses());
    ValueCodec codec = new ValueCodec(getClass().getClassLoader());
    for (int i = 0; ; i++) {
      if (table.ownerOfKey(codec.encode("visits-" + i)).equals(address)) {
        return "visits-" + i;
      }
    }
  }

  private Cache<String, Long> on(int survivor) {
    return cluster.manager(survivor).getCache("counters", String.class, Long.class);
  }

  private int waitersAtTheOwner() {
    KeyLeases leases = Nodes.of(cluster.manager(0)).leases();
    byte[] bytes = new ValueCodec(getClass().getClassLoader()).encode(key);
    return leases.waiters(new LeaseKey(new CacheId(InJvmCluster.URI.toString(), "counters"), bytes));
  }

  @Test
  void whenTheHolderOfALeaseIsKilledTheOtherCallersProceedAndOnlyItsOwnUpdateIsLost() throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (on(0).get(key + "-holding") == null) {
      assertTrue(System.nanoTime() < deadline, "the process took the lease of " + key);
      Thread.sleep(20);
    }
    ExecutorService pool = Executors.newFixedThreadPool(2 * SURVIVOR_THREADS);
    try {
      List<Future<?>> work = new ArrayList<>();
      for (int survivor = 0; survivor < 2; survivor++) {
        Cache<String, Long> counters = on(survivor);
        for (int thread = 0; thread < SURVIVOR_THREADS; thread++) {
          work.add(pool.submit(() -> {
            for (int i = 0; i < INCREMENTS; i++) {
              counters.invoke(key, INCREMENT);
            }
          }));
        }
      }
      while (waitersAtTheOwner() < 2 * SURVIVOR_THREADS) {
        assertTrue(System.nanoTime() < deadline, "the survivors queue behind the holder at the owner");
        Thread.sleep(20);
      }
      assertEquals(null, on(1).get(key), "nothing is written while the holder holds the lease");

      long killed = System.nanoTime();
      cluster.kill(2);
      for (Future<?> done : work) {
        done.get(180, TimeUnit.SECONDS);
      }
      System.out.printf("the survivors' %d increments finished %d ms after the holder was killed%n",
          2 * SURVIVOR_THREADS * INCREMENTS, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed));
    } finally {
      pool.shutdownNow();
    }
    assertEquals(2L * SURVIVOR_THREADS * INCREMENTS, on(1).get(key),
        "every survivor's increment landed; only the killed holder's own is lost");
  }
}
