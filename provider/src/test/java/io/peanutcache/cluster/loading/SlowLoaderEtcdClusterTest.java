package io.peanutcache.cluster.loading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.peanutcache.cluster.Nodes;
import io.peanutcache.spi.PeanutCachingProvider;
import io.peanutcache.testing.EtcdServer;
import io.peanutcache.testing.FreePorts;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The slow loader of {@link SlowLoaderClusterTest} on three nodes that find each other through a
 * real etcd, with the default timeouts: the owner loads once however long the loader takes.
 */
class SlowLoaderEtcdClusterTest {

  @RegisterExtension
  static final EtcdServer ETCD = new EtcdServer();

  private static final URI URI = java.net.URI.create("urn:peanutcache:slow-loader-etcd-test");
  private static final AtomicInteger CLUSTERS = new AtomicInteger();

  private final List<CacheManager> managers = new ArrayList<>();

  @AfterEach
  void stop() {
    managers.forEach(CacheManager::close);
  }

  private List<Cache<String, String>> readThroughCacheOnThreeNodes() {
    String cluster = "slow-" + CLUSTERS.incrementAndGet();
    List<String> addresses = FreePorts.loopbackAddresses(3);
    for (int i = 0; i < 3; i++) {
      Properties properties = new Properties();
      properties.setProperty("peanutcache.bind", addresses.get(i));
      properties.setProperty("peanutcache.node.name", "node-" + (i + 1));
      properties.setProperty("peanutcache.etcd.endpoints", ETCD.endpoint());
      properties.setProperty("peanutcache.cluster", cluster);
      managers.add(new PeanutCachingProvider().getCacheManager(URI, getClass().getClassLoader(), properties));
    }
    awaitThreeMembers();
    List<Cache<String, String>> handles = new ArrayList<>();
    for (CacheManager manager : managers) {
      // every instance creates its caches at start-up, as applications do
      handles.add(manager.createCache("rows", new MutableConfiguration<String, String>()
          .setTypes(String.class, String.class)
          .setReadThrough(true)
          .setCacheLoaderFactory(FactoryBuilder.factoryOf(DatabaseLikeLoader.class))));
    }
    return handles;
  }

  private void awaitThreeMembers() {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (managers.stream().anyMatch(m -> Nodes.of(m).view().members().size() != 3)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the three nodes did not see each other through etcd");
      }
      Thread.onSpinWait();
    }
  }

  @ParameterizedTest(name = "a loader of {0} ms")
  @ValueSource(longs = {300, 2_000})
  void aSlowLoaderRunsOnceWhenThreeNodesTimesEightThreadsMissTogether(long millis) throws Exception {
    List<Cache<String, String>> handles = readThroughCacheOnThreeNodes();
    String key = "slow-" + millis + "-etcd-" + CLUSTERS.get();

    List<Crowd.Outcome> outcomes = Crowd.call(handles, 8, Duration.ofSeconds(60), cache -> cache.get(key));

    for (Crowd.Outcome outcome : outcomes) {
      assertNull(outcome.failure(), () -> "a caller failed: " + outcome.failure());
      assertEquals(DatabaseLikeLoader.rowOf(key), outcome.value());
    }
    assertEquals(1, DatabaseLikeLoader.loadsOf(key), "loads of " + key + " by 3 nodes x 8 threads");
  }
}
