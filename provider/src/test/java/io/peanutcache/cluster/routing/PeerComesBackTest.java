package io.peanutcache.cluster.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.peanutcache.cluster.InJvmCluster;
import io.peanutcache.jcache.PeanutCache;
import java.time.Duration;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A peer that was down for a while and comes back on its address is called again at once, not
 * after the growing backoff of its channel's failed connection attempts.
 */
class PeerComesBackTest {

  private InJvmCluster cluster;

  @BeforeEach
  void start() {
    cluster = InJvmCluster.start(2, Duration.ofSeconds(1));
    cluster.manager(0).createCache("scores",
        new MutableConfiguration<String, String>().setTypes(String.class, String.class));
  }

  @AfterEach
  void stop() {
    cluster.close();
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
