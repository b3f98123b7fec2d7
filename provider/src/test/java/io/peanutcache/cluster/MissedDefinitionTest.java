package io.peanutcache.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.peanutcache.jcache.PeanutCache;
import io.peanutcache.testing.InJvmCluster;
import java.time.Duration;
import javax.cache.Cache;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A node that was down when a cache was created still finds it by name when it comes back. */
class MissedDefinitionTest {

  @RegisterExtension
  final InJvmCluster cluster = InJvmCluster.of(3).rpcTimeout(Duration.ofSeconds(5));

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
