package io.peanutcache.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.peanutcache.jcache.PeanutCache;
import java.time.Duration;
import javax.cache.Cache;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A node that was down when a cache was created still finds it by name when it comes back. */
class MissedDefinitionTest {

  private InJvmCluster cluster;

  @BeforeEach
  void start() {
    cluster = InJvmCluster.start(3, Duration.ofSeconds(5));
  }

  @AfterEach
  void stop() {
    cluster.close();
  }

  @Test
  void getCacheOnANodeThatMissedTheDefinitionAsksItsPeers() {
    cluster.stop(2);
    Cache<String, String> created = cluster.manager(0).createCache("late",
        new MutableConfiguration<String, String>().setTypes(String.class, String.class));
    String key = keyNotOwnedBy(created, cluster.address(2));
    created.put(key, "v");
    cluster.restart(2);

    Cache<String, String> found = cluster.manager(2).getCache("late", String.class, String.class);

    assertNotNull(found, "the node that was down finds the cache its peers know");
    assertEquals("v", found.get(key));
    found.put(key, "from the late node");
    assertEquals("from the late node", created.get(key));
    assertNull(cluster.manager(2).getCache("never-created"), "a cache no node knows is still null");
  }

  /** A key whose owner is not the node at {@code address}, which is down. */
  @SuppressWarnings("unchecked")
  private static String keyNotOwnedBy(Cache<String, String> cache, String address) {
    PeanutCache<String, String> peanut = cache.unwrap(PeanutCache.class);
    for (int i = 0; ; i++) {
      if (!peanut.ownerOf("key-" + i).equals(address)) {
        return "key-" + i;
      }
    }
  }
}
