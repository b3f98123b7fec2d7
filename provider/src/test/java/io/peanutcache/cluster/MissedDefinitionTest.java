package io.peanutcache.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

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
    created.put("k", "v");
    cluster.restart(2);

    Cache<String, String> found = cluster.manager(2).getCache("late", String.class, String.class);

    assertNotNull(found, "the node that was down finds the cache its peers know");
    assertEquals("v", found.get("k"));
    found.put("k", "from the late node");
    assertEquals("from the late node", created.get("k"));
    assertNull(cluster.manager(2).getCache("never-created"), "a cache no node knows is still null");
  }
}
