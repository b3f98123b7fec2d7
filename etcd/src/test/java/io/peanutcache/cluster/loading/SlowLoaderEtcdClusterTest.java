package io.peanutcache.cluster.loading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.peanutcache.etcd.testing.EtcdServer;
import io.peanutcache.testing.InJvmCluster;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.Cache;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableConfiguration;
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

  /** Three nodes that see each other through etcd, for each test. */
  @RegisterExtension
  final InJvmCluster cluster = InJvmCluster.of(3).etcd(ETCD::endpoint).uri(URI);

  private List<Cache<String, String>> readThroughCacheOnThreeNodes() {
    CLUSTERS.incrementAndGet(); // a cluster for each test, whose keys no other test loaded
    List<Cache<String, String>> handles = new ArrayList<>();
    for (int node = 0; node < cluster.size(); node++) {
      // every instance creates its caches at start-up, as applications do
      handles.add(cluster.manager(node).createCache("rows", new MutableConfiguration<String, String>()
          .setTypes(String.class, String.class)
          .setReadThrough(true)
          .setCacheLoaderFactory(FactoryBuilder.factoryOf(DatabaseLikeLoader.class))));
    }
    return handles;
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
