package io.peanutcache.cluster.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.peanutcache.cluster.hosting.CacheId;
import io.peanutcache.cluster.InJvmCluster;
import io.peanutcache.cluster.NodeProcessMain;
import io.peanutcache.cluster.NodeProcesses;
import io.peanutcache.cluster.Nodes;
import io.peanutcache.cluster.leases.KeyLeases;
import io.peanutcache.cluster.leases.LeaseKey;
import io.peanutcache.cluster.ring.PartitionTable;
import io.peanutcache.codec.ValueCodec;
import io.peanutcache.spi.PeanutCachingProvider;
import io.peanutcache.testing.FreePorts;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.processor.EntryProcessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

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

  private List<String> addresses;
  private String key;
  private NodeProcesses holder;
  private final List<CacheManager> survivors = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    addresses = FreePorts.loopbackAddresses(3);
    String peers = String.join(",", addresses);
    key = keyOwnedBy(addresses.get(0));
    holder = NodeProcesses.start(List.of(Map.of("peanutcache.bind", addresses.get(2), "peanutcache.peers", peers,
        "peanutcache.rpc.timeout", "5s", NodeProcessMain.HOLD_LEASE, "counters/" + key)));
    for (String address : addresses.subList(0, 2)) {
      Properties properties = new Properties();
      properties.setProperty("peanutcache.bind", address);
      properties.setProperty("peanutcache.peers", peers);
      properties.setProperty("peanutcache.rpc.timeout", "5s");
      survivors.add(new PeanutCachingProvider().getCacheManager(InJvmCluster.URI, getClass().getClassLoader(),
          properties));
    }
    survivors.get(0).createCache("counters",
        new MutableConfiguration<String, Long>().setTypes(String.class, Long.class));
  }

  @AfterEach
  void stop() {
    survivors.forEach(CacheManager::close);
    holder.close();
  }

  private String keyOwnedBy(String address) {
    PartitionTable table = PartitionTable.of(addresses);
    ValueCodec codec = new ValueCodec(getClass().getClassLoader());
    for (int i = 0; ; i++) {
      if (table.ownerOfKey(codec.encode("visits-" + i)).equals(address)) {
        return "visits-" + i;
      }
    }
  }

  private Cache<String, Long> on(int survivor) {
    return survivors.get(survivor).getCache("counters", String.class, Long.class);
  }

  private int waitersAtTheOwner() {
    KeyLeases leases = Nodes.of(survivors.get(0)).leases();
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
      holder.kill(0);
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
