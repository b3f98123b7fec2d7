package io.peanutcache.cluster.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.peanutcache.cluster.leases.LeaseExpiredException;
import io.peanutcache.testing.InJvmCluster;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.processor.EntryProcessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Two nodes whose leases last one second (peanutcache.load.timeout): a caller that keeps a key's
 * lease longer loses it to the next caller, and its own write is refused.
 */
class LeaseExpiryTest {

  private static final EntryProcessor<String, Long, Long> INCREMENT = (entry, arguments) -> {
    long next = entry.exists() ? entry.getValue() + 1 : 1;
    entry.setValue(next);
    return next;
  };

  @RegisterExtension
  final InJvmCluster cluster = InJvmCluster.of(2).with("peanutcache.rpc.timeout", "5s")
      .with("peanutcache.load.timeout", "1s");

  private final ExecutorService pool = Executors.newCachedThreadPool();

  @BeforeEach
  void createCounters() {
    cluster.manager(0).createCache("counters", new MutableConfiguration<String, Long>().setTypes(String.class, Long.class));
  }

  @AfterEach
  void stop() {
    pool.shutdownNow();
  }

  private Cache<String, Long> on(int node) {
    return cluster.manager(node).getCache("counters", String.class, Long.class);
  }

  /** A key that {@code node} owns. */
  private String keyOwnedBy(int node) {
    for (int i = 0; ; i++) {
      String key = "key-" + i;
      if (on(node).unwrap(io.peanutcache.jcache.PeanutCache.class).isLocal(key)) {
        return key;
      }
    }
  }

  @ParameterizedTest(name = "holder on the {0}, next caller on the {1}")
  @CsvSource({"caller, owner", "owner, caller"})
  void aLeaseHeldPastItsTimeLetsTheNextCallerGoAndTheLateWriteFails(String holderSide, String nextSide)
      throws Exception {
    String key = keyOwnedBy(1);
    Cache<String, Long> holderCache = on(holderSide.equals("owner") ? 1 : 0);
    Cache<String, Long> nextCache = on(nextSide.equals("owner") ? 1 : 0);
    CountDownLatch holding = new CountDownLatch(1);
    CountDownLatch letGo = new CountDownLatch(1);
    Future<Long> late = pool.submit(() -> holderCache.invoke(key, (entry, arguments) -> {
      holding.countDown();
      try {
        letGo.await(60, TimeUnit.SECONDS); // far past the lease time
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      entry.setValue(100L);
      return 100L;
    }));
    assertTrue(holding.await(30, TimeUnit.SECONDS), "the first caller holds the lease");

    long asked = System.nanoTime();
    Future<Long> next = pool.submit(() -> nextCache.invoke(key, INCREMENT));
    assertEquals(1L, next.get(60, TimeUnit.SECONDS), "the next caller ran once the lease expired, "
        + "while the holder still held on");
    System.out.printf("the next caller waited %d ms for a lease of 1 s to expire%n",
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - asked));

    letGo.countDown();
    ExecutionException failed = assertThrows(ExecutionException.class, () -> late.get(60, TimeUnit.SECONDS));
    LeaseExpiredException expired = assertInstanceOf(LeaseExpiredException.class, failed.getCause());
    assertTrue(expired.getMessage().contains("expired") && expired.getMessage().contains("not written"),
        expired.getMessage());
    assertEquals(1L, on(0).get(key), "the late holder's result was not written");
    assertEquals(2L, on(0).invoke(key, INCREMENT), "the key's lease is free again");
  }
}
