package io.peanutcache.cluster.loading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.peanutcache.testing.InJvmCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.Cache;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.integration.CacheLoaderException;
import javax.cache.integration.CompletionListenerFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A read-through cache whose loader is a slow query, on three nodes of a static peer list with the
 * default timeouts, missed by eight threads on each node at once: the owner loads once, and every
 * caller waits for that load however long it takes, up to the load timeout.
 */
class SlowLoaderClusterTest {

  private static final AtomicInteger KEYS = new AtomicInteger();
  private static final int THREADS_PER_NODE = 8;

  /** Started by each test, with the settings it needs. */
  @RegisterExtension
  final InJvmCluster cluster = InJvmCluster.of(3).startedByTheTest();

  private List<Cache<String, String>> readThroughCache(Map<String, String> settings) {
    cluster.with(settings).start();
    String name = "rows-" + KEYS.incrementAndGet();
    cluster.manager(0).createCache(name, new MutableConfiguration<String, String>()
        .setTypes(String.class, String.class)
        .setReadThrough(true)
        .setCacheLoaderFactory(FactoryBuilder.factoryOf(DatabaseLikeLoader.class)));
    List<Cache<String, String>> handles = new ArrayList<>();
    for (int node = 0; node < cluster.size(); node++) {
      handles.add(cluster.manager(node).getCache(name, String.class, String.class));
    }
    return handles;
  }

  private static String key(String kind, long millis) {
    return kind + "-" + millis + "-" + KEYS.incrementAndGet();
  }

  @ParameterizedTest(name = "a loader of {0} ms")
  @ValueSource(longs = {300, 2_000, 10_000})
  void aSlowLoaderRunsOnceWhenThreeNodesTimesEightThreadsMissTogether(long millis) throws Exception {
    List<Cache<String, String>> handles = readThroughCache(Map.of());
    String key = key("slow", millis);

    List<Crowd.Outcome> outcomes = Crowd.call(handles, THREADS_PER_NODE, Duration.ofSeconds(90),
        cache -> cache.get(key));

    for (Crowd.Outcome outcome : outcomes) {
      assertNull(outcome.failure(), () -> "a caller failed: " + outcome.failure());
      assertEquals(DatabaseLikeLoader.rowOf(key), outcome.value());
    }
    assertEquals(1, DatabaseLikeLoader.loadsOf(key), "loads of " + key + " by 3 nodes x 8 threads");
    System.out.printf("[slow loader] %d ms loader, 3 nodes x 8 threads: %d load, slowest caller %d ms%n",
        millis, DatabaseLikeLoader.loadsOf(key), Crowd.slowest(outcomes).toMillis());
  }

  /** The other read-through operations, each made by every caller on the one cold key. */
  enum Operation {
    GET_ALL {
      @Override
      Object run(Cache<String, String> cache, String key) {
        return cache.getAll(Set.of(key)).get(key);
      }
    },
    INVOKE {
      @Override
      Object run(Cache<String, String> cache, String key) {
        return cache.invoke(key, new ReadProcessor());
      }
    },
    LOAD_ALL {
      @Override
      Object run(Cache<String, String> cache, String key) {
        CompletionListenerFuture done = new CompletionListenerFuture();
        cache.loadAll(Set.of(key), false, done);
        try {
          done.get();
        } catch (Exception e) {
          throw new IllegalStateException("loadAll failed", e);
        }
        return cache.get(key);
      }
    };

    abstract Object run(Cache<String, String> cache, String key);
  }

  @ParameterizedTest
  @EnumSource(Operation.class)
  void everyReadThroughOperationWaitsForTheOwnersSlowLoad(Operation operation) throws Exception {
    List<Cache<String, String>> handles = readThroughCache(Map.of());
    String key = key("slow", 2_000);

    List<Crowd.Outcome> outcomes = Crowd.call(handles, THREADS_PER_NODE, Duration.ofSeconds(60),
        cache -> operation.run(cache, key));

    for (Crowd.Outcome outcome : outcomes) {
      assertNull(outcome.failure(), () -> operation + " failed: " + outcome.failure());
      assertEquals(DatabaseLikeLoader.rowOf(key), outcome.value());
    }
    assertEquals(1, DatabaseLikeLoader.loadsOf(key), operation + ": loads of " + key);
  }

  @Test
  void aLoaderThatFailsAfterTwoSecondsGivesEveryCallerTheSameCacheLoaderException() throws Exception {
    List<Cache<String, String>> handles = readThroughCache(Map.of());
    String key = key("fail", 2_000);

    List<Crowd.Outcome> outcomes = Crowd.call(handles, THREADS_PER_NODE, Duration.ofSeconds(60),
        cache -> cache.get(key));

    for (Crowd.Outcome outcome : outcomes) {
      assertInstanceOf(CacheLoaderException.class, outcome.failure(), () -> "got " + outcome);
      assertTrue(outcome.failure().getMessage().startsWith(DatabaseLikeLoader.failureOf(key)),
          () -> "the loader's own message first: " + outcome.failure().getMessage());
    }
    assertEquals(1, DatabaseLikeLoader.loadsOf(key), "loads of " + key);
  }

  @Test
  void aLoadLongerThanTheLoadTimeoutFailsTheWaitersSayingSo() throws Exception {
    List<Cache<String, String>> handles = readThroughCache(Map.of("peanutcache.load.timeout", "1s"));
    String key = key("slow", 4_000);

    List<Crowd.Outcome> outcomes = Crowd.call(handles, THREADS_PER_NODE, Duration.ofSeconds(60),
        cache -> cache.get(key));

    int served = 0;
    for (Crowd.Outcome outcome : outcomes) {
      if (outcome.failure() == null) {
        assertEquals(DatabaseLikeLoader.rowOf(key), outcome.value());
        served++;
      } else {
        assertInstanceOf(CacheLoaderException.class, outcome.failure(), () -> "got " + outcome);
        assertTrue(outcome.failure().getMessage().contains("load timeout of PT1S (peanutcache.load.timeout)"),
            () -> "says which timeout passed: " + outcome.failure().getMessage());
      }
    }
    assertEquals(1, served, "only the caller whose request runs the load gets its value");
    assertEquals(1, DatabaseLikeLoader.loadsOf(key), "loads of " + key);
  }
}
