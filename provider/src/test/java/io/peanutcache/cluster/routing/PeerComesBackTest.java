package io.peanutcache.cluster.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.peanutcache.jcache.PeanutCache;
import io.peanutcache.testing.InJvmCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A peer that was down for a while and comes back on its address is called again at once, not
 * after the growing backoff of its channel's failed connection attempts.
 */
class PeerComesBackTest {

  @RegisterExtension
  final InJvmCluster cluster = InJvmCluster.of(2).rpcTimeout(Duration.ofSeconds(1));

  @BeforeEach
  void createScores() {
    cluster.manager(0).createCache("scores",
        new MutableConfiguration<String, String>().setTypes(String.class, String.class));
  }

  @Test
  void aPeerBackAfterALongOutageIsCalledAgainWithinASecond() throws Exception {
    Cache<String, String> scores = cluster.manager(0).getCache("scores", String.class, String.class);
    String key = keyOwnedBy(scores, cluster.address(1));
    scores.put(key, "before");

    cluster.stop(1);
    // ten seconds of failed calls: the channel's backoff between connection attempts grows to
    // several seconds meanwhile
    long outageEnds = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    int failed = 0;
    while (System.nanoTime() < outageEnds) {
      assertThrows(CacheException.class, () -> scores.put(key, "during"));
      failed++;
      Thread.sleep(100);
    }
    cluster.restart(1);

    long back = System.nanoTime();
    CacheException last = null;
    while (System.nanoTime() - back < Duration.ofSeconds(1).toNanos()) {
      try {
        scores.put(key, "after");
        last = null;
        break;
      } catch (CacheException e) {
        last = e;
        Thread.sleep(20);
      }
    }
    assertTrue(last == null, "after " + failed + " failed calls in the outage, the peer that came back"
        + " was not called successfully within 1 s: " + last);
    assertEquals("after", scores.get(key));
  }

  @Test
  void everyCallerOfAPeerThatCameBackReachesItAtItsFirstCall() throws Exception {
    Cache<String, String> scores = cluster.manager(0).getCache("scores", String.class, String.class);
    String key = keyOwnedBy(scores, cluster.address(1));
    cluster.stop(1);
    long outageEnds = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (System.nanoTime() < outageEnds) {
      assertThrows(CacheException.class, () -> scores.put(key, "during"));
      Thread.sleep(100);
    }
    cluster.restart(1);

    // eight callers at once: one of them makes the channel try again, and the others, which find
    // it still failing, wait for that attempt instead of taking the peer as down
    int callers = 8;
    ExecutorService threads = Executors.newFixedThreadPool(callers);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<?>> calls = new ArrayList<>();
      for (int i = 0; i < callers; i++) {
        String value = "caller " + i;
        calls.add(threads.submit(() -> {
          go.await();
          scores.put(key, value);
          return null;
        }));
      }
      go.countDown();
      for (Future<?> call : calls) {
        call.get(30, TimeUnit.SECONDS);
      }
    } finally {
      threads.shutdownNow();
    }
    assertTrue(scores.get(key).startsWith("caller "));
  }

  /** A key that the node at {@code address} owns. */
  @SuppressWarnings("unchecked")
  private static String keyOwnedBy(Cache<String, String> cache, String address) {
    PeanutCache<String, String> peanut = cache.unwrap(PeanutCache.class);
    for (int i = 0; ; i++) {
      if (peanut.ownerOf("key-" + i).equals(address)) {
        return "key-" + i;
      }
    }
  }
}
