package io.peanutcache.spring.boot.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.peanutcache.NodeStatus;
import io.peanutcache.jcache.PeanutCacheManager;
import io.peanutcache.spring.boot.PeanutCacheAutoConfiguration;
import io.peanutcache.spring.cache.PeanutSpringCache;
import io.peanutcache.testing.FreePorts;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration;
import org.springframework.boot.cache.autoconfigure.metrics.CacheMetricsAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** What the Actuator auto-configurations make, what they report, and when they back off. */
class PeanutCacheActuatorAutoConfigurationTest {

  private static final AutoConfigurations PEANUTCACHE = AutoConfigurations.of(
      PeanutCacheAutoConfiguration.class, CacheAutoConfiguration.class,
      PeanutCacheHealthAutoConfiguration.class, PeanutCacheMetricsAutoConfiguration.class,
      PeanutCacheEndpointAutoConfiguration.class);

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(PEANUTCACHE)
      .withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
          CompositeMeterRegistryAutoConfiguration.class,
          SimpleMetricsExportAutoConfiguration.class, CacheMetricsAutoConfiguration.class))
      .withUserConfiguration(CachingOn.class)
      .withPropertyValues("management.endpoints.web.exposure.include=peanutcache");

  @Configuration(proxyBeanMethods = false)
  @EnableCaching
  static class CachingOn {}

  private static ApplicationContextRunner clustered(ApplicationContextRunner runner) {
    String self = FreePorts.loopbackAddresses(1).get(0);
    return runner.withPropertyValues("peanutcache.bind=" + self, "peanutcache.peers=" + self);
  }

  private static Health health(org.springframework.context.ApplicationContext context) {
    return context.getBean("peanutcacheHealthIndicator", HealthIndicator.class).health();
  }

  @Test
  void healthIsUpInEmbeddedModeForAnEmbeddedNode() {
    runner.run(context -> {
      Health health = health(context);
      assertThat(health.getStatus()).isEqualTo(Status.UP);
      assertThat(health.getDetails()).containsEntry("mode", "embedded");
    });
  }

  @Test
  void healthIsUpWithTheViewOfAClusteredNode() {
    clustered(runner).run(context -> {
      PeanutCacheManager jcache = context.getBean(PeanutCacheManager.class);
      String self = jcache.nodeStatus().orElseThrow().nodeName();
      Health health = health(context);
      assertThat(health.getStatus()).isEqualTo(Status.UP);
      assertThat(health.getDetails())
          .containsEntry("mode", "clustered")
          .containsEntry("node", self)
          .containsEntry("membership", "static peer list")
          .containsEntry("members", Map.of(self, self))
          .containsEntry("inOwnView", true)
          .containsEntry("partitionsOwned", 271)
          .containsEntry("partitionCount", 271)
          .containsKey("epoch")
          .doesNotContainKey("etcdUnreachableSince");
    });
  }

  private static NodeStatus etcdNode(boolean inOwnView, Optional<Instant> unreachableSince) {
    return new NodeStatus("a", "etcd [http://127.0.0.1:2379] /peanutcache", 3,
        Map.of("a", "127.0.0.1:7070", "b", "127.0.0.1:7071"), inOwnView, 136, 271,
        unreachableSince, Optional.of(Duration.ofSeconds(5)), 0, 0, 0, Map.of());
  }

  private static final Instant NOW = Instant.parse("2025-01-01T12:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  @Test
  void healthIsDownWhenTheNodeIsNotInItsOwnView() {
    Health health = new PeanutCacheHealthIndicator(() -> etcdNode(false, Optional.empty()), CLOCK)
        .health();

    assertThat(health.getStatus()).isEqualTo(Status.DOWN);
    assertThat(health.getDetails()).containsEntry("inOwnView", false)
        .containsEntry("reason", "this node is not in its own view of the membership");
  }

  @Test
  void healthIsDownWhenEtcdHasBeenUnreachableForLongerThanTheRegistrationLasts() {
    Instant since = NOW.minusSeconds(6);
    Health health = new PeanutCacheHealthIndicator(() -> etcdNode(true, Optional.of(since)), CLOCK)
        .health();

    assertThat(health.getStatus()).isEqualTo(Status.DOWN);
    assertThat(health.getDetails()).containsEntry("etcdUnreachableSince", since.toString())
        .containsKey("reason");
  }

  @Test
  void healthStaysUpWhileEtcdIsMissedForLessThanTheRegistrationLasts() {
    Instant since = NOW.minusSeconds(4);
    Health health = new PeanutCacheHealthIndicator(() -> etcdNode(true, Optional.of(since)), CLOCK)
        .health();

    assertThat(health.getStatus()).isEqualTo(Status.UP);
    assertThat(health.getDetails()).containsEntry("etcdUnreachableSince", since.toString());
  }

  @Test
  void cacheMetricsCountThisNodesGetsPutsAndRemovalsUnderBootsNames() {
    runner.withPropertyValues("spring.cache.cache-names=books").run(context -> {
      MeterRegistry registry = context.getBean(MeterRegistry.class);
      Cache books = context.getBean(CacheManager.class).getCache("books");
      books.put("isbn-1", "Dune");
      books.put("isbn-2", "Emma");
      books.get("isbn-1");
      books.get("isbn-1");
      books.get("isbn-3");
      books.evict("isbn-2");

      assertThat(count(registry, "cache.gets", "books", "result", "hit")).isEqualTo(2);
      assertThat(count(registry, "cache.gets", "books", "result", "miss")).isEqualTo(1);
      assertThat(count(registry, "cache.puts", "books")).isEqualTo(2);
      assertThat(count(registry, "cache.removals", "books")).isEqualTo(1);
      assertThat(count(registry, "cache.evictions", "books")).isZero();
      assertThat(registry.get("cache.gets").tag("cache", "books").meter().getId().getTag("cache.manager"))
          .isEqualTo("cacheManager");
    });
  }

  @Test
  void aCacheMadeOnFirstUseAfterStartUpIsBoundToo() {
    runner.run(context -> {
      MeterRegistry registry = context.getBean(MeterRegistry.class);
      assertThat(registry.find("cache.gets").tag("cache", "films").meters()).isEmpty();

      Cache films = context.getBean(CacheManager.class).getCache("films");
      films.put("alien", 1979);
      films.get("alien");

      assertThat(count(registry, "cache.gets", "films", "result", "hit")).isEqualTo(1);
      assertThat(count(registry, "cache.puts", "films")).isEqualTo(1);
      assertThat(registry.get("cache.puts").tag("cache", "films").meter().getId()
          .getTag("cache.manager")).isEqualTo("cacheManager");
    });
  }

  @Test
  void eachCacheIsBoundOnceWhetherMadeAtStartUpOrOnFirstUse() {
    runner.withUserConfiguration(CountingBinders.class)
        .withPropertyValues("peanutcache.cache.books.maximum-entries=100",
            "peanutcache.cache.films.maximum-entries=100").run(context -> {
          context.getBean(CacheManager.class).getCache("songs");

          assertThat(context.getBean(CountingBinderProvider.class).binders)
              .as("meter binders made, by cache: one each, so that no meter is registered twice")
              .containsExactlyInAnyOrderEntriesOf(Map.of("books", 1, "films", 1, "songs", 1));
        });
  }

  /** Counts the meter binders the cache metrics ask for, by cache. */
  static final class CountingBinderProvider extends PeanutCacheMeterBinderProvider {
    final Map<String, Integer> binders = new ConcurrentHashMap<>();

    @Override
    public MeterBinder getMeterBinder(PeanutSpringCache cache, Iterable<Tag> tags) {
      binders.merge(cache.getName(), 1, Integer::sum);
      return super.getMeterBinder(cache, tags);
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class CountingBinders {
    @Bean
    CountingBinderProvider countingBinderProvider() {
      return new CountingBinderProvider();
    }
  }

  private static double count(MeterRegistry registry, String name, String cache, String... tags) {
    return registry.get(name).tag("cache", cache).tags(tags).functionCounter().count();
  }

  @Test
  void nodeMetersAreRegisteredWithADescriptionForAClusteredNode() {
    clustered(runner).run(context -> {
      MeterRegistry registry = context.getBean(MeterRegistry.class);
      assertThat(registry.get("peanutcache.members").gauge().value()).isEqualTo(1);
      assertThat(registry.get("peanutcache.partitions.owned").gauge().value()).isEqualTo(271);
      for (String counter : new String[] {"peanutcache.loads", "peanutcache.hot.hits",
          "peanutcache.owner.operations"}) {
        assertThat(registry.get(counter).functionCounter().getId().getDescription()).isNotBlank();
      }
      context.getBean(CacheManager.class).getCache("books").put("isbn-1", "Dune");
      assertThat(registry.get("peanutcache.owner.operations").functionCounter().count())
          .isGreaterThanOrEqualTo(1);
      assertThat(registry.get("peanutcache.members").gauge().getId().getDescription()).isNotBlank();
    });
  }

  @Test
  void anEmbeddedNodeBindsNoNodeMeters() {
    runner.run(context -> {
      assertThat(context).hasSingleBean(PeanutNodeMetrics.class);
      assertThat(context.getBean(MeterRegistry.class).find("peanutcache.members").gauge()).isNull();
    });
  }

  @Test
  void aPeerOperationGetsItsTimerAndFailureCounterOnceCalled() {
    Map<String, NodeStatus.PeerCalls> calls = new TreeMap<>();
    AtomicReference<Map<String, NodeStatus.PeerCalls>> current = new AtomicReference<>(Map.of());
    PeanutNodeMetrics metrics = new PeanutNodeMetrics(() -> new NodeStatus("a", "static peer list",
        1, Map.of("a", "a", "b", "b"), true, 136, 271, Optional.empty(), Optional.empty(), 0, 0,
        0, current.get()));
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    metrics.bindTo(registry);
    assertThat(registry.find("peanutcache.peer.calls").meters()).isEmpty();

    calls.put("get", new NodeStatus.PeerCalls(3, 3_000_000, 1));
    current.set(Map.copyOf(calls));
    registry.get("peanutcache.members").gauge().value(); // a registry reading its meters

    FunctionTimer gets = registry.get("peanutcache.peer.calls").tag("operation", "get")
        .functionTimer();
    assertThat(gets.count()).isEqualTo(3);
    assertThat(gets.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(3);
    assertThat(gets.getId().getDescription()).isNotBlank();
    assertThat(registry.get("peanutcache.peer.call.failures").tag("operation", "get")
        .functionCounter().count()).isEqualTo(1);

    calls.put("get", new NodeStatus.PeerCalls(5, 4_000_000, 1));
    current.set(Map.copyOf(calls));
    assertThat(gets.count()).isEqualTo(5);
  }

  @Test
  void theEndpointShowsTheNodeItsCachesAndAKeysOwner() {
    clustered(runner).withPropertyValues("spring.cache.cache-names=books").run(context -> {
      Cache books = context.getBean(CacheManager.class).getCache("books");
      books.put("isbn-1", "Dune");
      books.get("isbn-1");
      PeanutCacheEndpoint endpoint = context.getBean(PeanutCacheEndpoint.class);
      String self = context.getBean(PeanutCacheManager.class).nodeStatus().orElseThrow().nodeName();

      PeanutCacheEndpoint.NodeDescriptor node = endpoint.node();
      assertThat(node.mode()).isEqualTo("clustered");
      assertThat(node.members()).containsOnlyKeys(self);
      assertThat(node.caches()).containsOnlyKeys("books");
      assertThat(node.caches().get("books").hits()).isEqualTo(1);
      assertThat(node.caches().get("books").puts()).isEqualTo(1);
      assertThat(node.caches().get("books").byNode()).containsOnlyKeys(self);

      assertThat(endpoint.owner("books", "isbn-1"))
          .isEqualTo(new PeanutCacheEndpoint.OwnerDescriptor("books", "isbn-1", self, true));
      assertThat(endpoint.owner("nothing", "isbn-1")).isNull();
    });
  }

  @Test
  void theEndpointOfAnEmbeddedNodeShowsItsCaches() {
    runner.withPropertyValues("spring.cache.cache-names=books").run(context -> {
      PeanutCacheEndpoint endpoint = context.getBean(PeanutCacheEndpoint.class);
      assertThat(endpoint.node().mode()).isEqualTo("embedded");
      assertThat(endpoint.node().caches()).containsOnlyKeys("books");
      assertThat(endpoint.owner("books", "isbn-1").owner()).isEqualTo("embedded");
    });
  }

  @Test
  void theHealthIndicatorCanBeTurnedOff() {
    runner.withPropertyValues("management.health.peanutcache.enabled=false").run(context ->
        assertThat(context).doesNotHaveBean("peanutcacheHealthIndicator"));
  }

  @Test
  void backsOffWithoutActuatorOrMicrometerKeepingTheNode() {
    new ApplicationContextRunner()
        .withConfiguration(PEANUTCACHE)
        .withUserConfiguration(CachingOn.class)
        .withClassLoader(new FilteredClassLoader("io.micrometer", "org.springframework.boot.actuate",
            "org.springframework.boot.health", "org.springframework.boot.cache.metrics"))
        .run(context -> {
          assertThat(context).hasNotFailed();
          assertThat(context).hasSingleBean(PeanutCacheManager.class);
          assertThat(context).doesNotHaveBean(PeanutCacheHealthIndicator.class);
          assertThat(context).doesNotHaveBean(PeanutNodeMetrics.class);
          assertThat(context).doesNotHaveBean(PeanutCacheMeterBinderProvider.class);
          assertThat(context).doesNotHaveBean(PeanutCacheEndpoint.class);
        });
  }

  @Test
  void eachPartBacksOffWithoutItsOwnClasses() {
    runner.withClassLoader(new FilteredClassLoader(HealthIndicator.class)).run(context -> {
      assertThat(context).doesNotHaveBean(PeanutCacheHealthIndicator.class);
      assertThat(context).hasSingleBean(PeanutCacheEndpoint.class);
    });
    runner.withClassLoader(new FilteredClassLoader(Endpoint.class)).run(context -> {
      assertThat(context).doesNotHaveBean(PeanutCacheEndpoint.class);
      assertThat(context).hasSingleBean(PeanutCacheHealthIndicator.class);
    });
    new ApplicationContextRunner().withConfiguration(PEANUTCACHE)
        .withClassLoader(new FilteredClassLoader(MeterBinder.class)).run(context -> {
          assertThat(context).hasNotFailed();
          assertThat(context).doesNotHaveBean(PeanutNodeMetrics.class);
          assertThat(context).doesNotHaveBean(PeanutCacheMeterBinderProvider.class);
        });
  }
}
