package io.peanutcache.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.peanutcache.InvalidSettingException;
import io.peanutcache.PeanutConfiguration;
import io.peanutcache.config.SettingsFile;
import io.peanutcache.jcache.PeanutCacheManager;
import io.peanutcache.settings.TlsSettings;
import io.peanutcache.spi.PeanutCachingProvider;
import io.peanutcache.spring.cache.PeanutSpringCache;
import io.peanutcache.spring.cache.PeanutSpringCacheManager;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import javax.cache.expiry.AccessedExpiryPolicy;
import javax.cache.expiry.CreatedExpiryPolicy;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.cache.concurrent.ConcurrentMapCacheManager;
import org.springframework.cache.support.NoOpCacheManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** What the auto-configuration makes, when it backs off, and how it reads the properties. */
class PeanutCacheAutoConfigurationTest {

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(
          PeanutCacheAutoConfiguration.class, CacheAutoConfiguration.class))
      .withUserConfiguration(CachingOn.class);

  @Configuration(proxyBeanMethods = false)
  @EnableCaching
  static class CachingOn {}

  @Configuration(proxyBeanMethods = false)
  static class OwnCacheManager {
    @Bean
    CacheManager cacheManager() {
      return new NoOpCacheManager();
    }
  }

  @Test
  void makesAnEmbeddedNodeAJCacheManagerASpringCacheManagerAndTheLifecycle() {
    runner.run(context -> {
      assertThat(context).hasSingleBean(PeanutCacheManager.class);
      assertThat(context).hasSingleBean(javax.cache.CacheManager.class);
      assertThat(context.getBean(CacheManager.class)).isInstanceOf(PeanutSpringCacheManager.class);
      assertThat(context).hasSingleBean(PeanutNodeLifecycle.class);
      PeanutCacheManager jcache = context.getBean(PeanutCacheManager.class);
      assertThat(jcache.nodeSettings().isClustered()).isFalse();
      assertThat(jcache.identity()).isEqualTo(ProviderSettings.DEFAULT_MANAGER);
      assertThat(context.getBean(CacheManager.class).getCache("anything"))
          .isInstanceOf(PeanutSpringCache.class);
    });
  }

  @Test
  void anUnknownPropertyUnderThePrefixStopsStartUp() {
    runner.withPropertyValues("peanutcache.cache.books.maximum-entires=10").run(context ->
        assertThat(context).hasFailed());
  }

  @Test
  void theNodeLeavesWhenTheContextCloses() {
    PeanutCacheManager[] jcache = new PeanutCacheManager[1];
    runner.run(context -> jcache[0] = context.getBean(PeanutCacheManager.class));

    assertThat(jcache[0].isClosed()).isTrue();
  }

  @Test
  void backsOffForTheApplicationsOwnSpringCacheManagerKeepingTheNode() {
    runner.withUserConfiguration(OwnCacheManager.class).run(context -> {
      assertThat(context.getBean(CacheManager.class)).isInstanceOf(NoOpCacheManager.class);
      assertThat(context).doesNotHaveBean(PeanutSpringCacheManager.class);
      assertThat(context).hasSingleBean(PeanutCacheManager.class);
    });
  }

  @Test
  void backsOffWhenSpringCacheTypeIsAnotherType() {
    runner.withPropertyValues("spring.cache.type=simple").run(context -> {
      assertThat(context).doesNotHaveBean(PeanutCacheManager.class);
      assertThat(context).doesNotHaveBean(PeanutNodeLifecycle.class);
      assertThat(context.getBean(CacheManager.class)).isInstanceOf(ConcurrentMapCacheManager.class);
    });
  }

  @Test
  void staysWhenSpringCacheTypeIsJCache() {
    runner.withPropertyValues("spring.cache.type=jcache").run(context ->
        assertThat(context.getBean(CacheManager.class)).isInstanceOf(PeanutSpringCacheManager.class));
  }

  @Test
  void backsOffWithoutThePeanutCacheProvider() {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(PeanutCacheAutoConfiguration.class))
        .withClassLoader(new FilteredClassLoader(PeanutCachingProvider.class)).run(context ->
        assertThat(context).doesNotHaveBean(PeanutCacheManager.class));
  }

  @Test
  void backsOffWithoutSpringsCacheAbstraction() {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(PeanutCacheAutoConfiguration.class))
        .withClassLoader(new FilteredClassLoader(CacheManager.class)).run(context ->
        assertThat(context).doesNotHaveBean(PeanutCacheManager.class));
  }

  @Test
  void bindsTheNodeSettings() {
    runner.withPropertyValues("peanutcache.node.name=books-1", "peanutcache.rpc.timeout=2s",
        "peanutcache.load.timeout=PT30S", "peanutcache.connect.timeout=1500ms",
        "peanutcache.partitions=13", "peanutcache.manager=urn:books").run(context -> {
          PeanutCacheManager jcache = context.getBean(PeanutCacheManager.class);
          assertThat(jcache.nodeSettings().nodeName()).isEqualTo("books-1");
          assertThat(jcache.nodeSettings().rpcTimeout()).isEqualTo(Duration.ofSeconds(2));
          assertThat(jcache.nodeSettings().loadTimeout()).isEqualTo(Duration.ofSeconds(30));
          assertThat(jcache.nodeSettings().connectTimeout()).isEqualTo(Duration.ofMillis(1500));
          assertThat(jcache.nodeSettings().partitions()).isEqualTo(13);
          assertThat(jcache.identity()).isEqualTo("urn:books");
        });
  }

  @Test
  void bindsTheBoundsOfWhatPeersCanMakeANodeSpend() {
    runner.withPropertyValues("peanutcache.max-message-size=4MiB", "peanutcache.requests.threads=8",
        "peanutcache.requests.queue=100", "peanutcache.requests.iterations=4", "peanutcache.events.threads=2",
        "peanutcache.events.queue=50", "peanutcache.listeners.per-cache=3").run(context -> {
          PeanutCacheManager jcache = context.getBean(PeanutCacheManager.class);
          assertThat(jcache.nodeSettings().maxMessageSize()).isEqualTo(4 * 1024 * 1024);
          assertThat(jcache.nodeSettings().requestThreads()).isEqualTo(8);
          assertThat(jcache.nodeSettings().requestQueue()).isEqualTo(100);
          assertThat(jcache.nodeSettings().iterations()).isEqualTo(4);
          assertThat(jcache.nodeSettings().eventThreads()).isEqualTo(2);
          assertThat(jcache.nodeSettings().eventQueue()).isEqualTo(50);
          assertThat(jcache.nodeSettings().listenersPerCache()).isEqualTo(3);
        });
  }

  @Test
  void bindsTheFilesOfMutualTls() {
    runner.withPropertyValues("peanutcache.tls.certificate=pom.xml", "peanutcache.tls.key=pom.xml",
        "peanutcache.tls.trust=pom.xml").run(context -> {
          PeanutCacheManager jcache = context.getBean(PeanutCacheManager.class);
          assertThat(jcache.nodeSettings().tls()).hasValueSatisfying(tls -> {
            assertThat(tls.identity()).isEqualTo(new TlsSettings.PemIdentity(
                java.nio.file.Path.of("pom.xml"), java.nio.file.Path.of("pom.xml")));
            assertThat(tls.trust()).isEqualTo(java.nio.file.Path.of("pom.xml"));
            assertThat(tls.memberNames()).isFalse();
          });
        });
  }

  @Test
  void bindsTheTlsFilesAndTheUserOfEtcd() {
    runner.withPropertyValues("peanutcache.etcd.tls.trust=pom.xml", "peanutcache.etcd.tls.certificate=pom.xml",
        "peanutcache.etcd.tls.key=pom.xml", "peanutcache.etcd.user=orders",
        "peanutcache.etcd.password-file=pom.xml").run(context -> {
          Properties manager = new ProviderSettings(context.getBean(PeanutCacheProperties.class), List.of(),
              SettingsFile.empty(), getClass().getClassLoader()).managerProperties(List.of());
          assertThat(manager).containsEntry("peanutcache.etcd.tls.trust", "pom.xml")
              .containsEntry("peanutcache.etcd.tls.certificate", "pom.xml")
              .containsEntry("peanutcache.etcd.tls.key", "pom.xml")
              .containsEntry("peanutcache.etcd.user", "orders")
              .containsEntry("peanutcache.etcd.password-file", "pom.xml");
        });
  }

  @Test
  void bindsAKeystoreAndMemberNamesAndNeverShowsThePassword() {
    runner.withPropertyValues("peanutcache.tls.keystore=pom.xml", "peanutcache.tls.keystore-password=s3cret",
        "peanutcache.tls.trust=pom.xml", "peanutcache.tls.member-names=true").run(context -> {
          PeanutCacheManager jcache = context.getBean(PeanutCacheManager.class);
          assertThat(jcache.nodeSettings().tls()).hasValueSatisfying(tls -> {
            assertThat(tls.identity()).isEqualTo(new TlsSettings.KeyStoreIdentity(
                java.nio.file.Path.of("pom.xml"), new TlsSettings.Password("s3cret".toCharArray())));
            assertThat(tls.memberNames()).isTrue();
          });
          assertThat(jcache.nodeSettings().toString()).contains("pom.xml").doesNotContain("s3cret");
        });
  }

  @Test
  void anEtcdPasswordWithoutAUserStopsStartUpWithoutShowingThePassword() {
    runner.withPropertyValues("peanutcache.etcd.password=s3cret").run(context -> {
      assertThat(context).hasFailed();
      Throwable failure = context.getStartupFailure();
      while (failure != null && !(failure instanceof InvalidSettingException)) {
        failure = failure.getCause();
      }
      assertThat(failure).isInstanceOf(InvalidSettingException.class)
          .hasMessageContaining("peanutcache.etcd.password=(hidden)")
          .hasMessageContaining("a password only together with peanutcache.etcd.user")
          .hasMessageNotContaining("s3cret");
    });
  }

  @Test
  void bindsRelaxedNamesSuchAsEnvironmentVariables() {
    runner.withInitializer(context -> context.getEnvironment().getPropertySources().addFirst(
        new SystemEnvironmentPropertySource("test-systemEnvironment", Map.of(
            "PEANUTCACHE_RPC_TIMEOUT", "3s", "PEANUTCACHE_NODE_NAME", "from-env",
            "PEANUTCACHE_CACHEDEFAULTS_MAXIMUMENTRIES", "99"))))
        .withPropertyValues("peanutcache.connect.timeout=4s")
        .run(context -> {
          PeanutCacheManager jcache = context.getBean(PeanutCacheManager.class);
          assertThat(jcache.nodeSettings().rpcTimeout()).isEqualTo(Duration.ofSeconds(3));
          assertThat(jcache.nodeSettings().nodeName()).isEqualTo("from-env");
          assertThat(jcache.nodeSettings().connectTimeout()).isEqualTo(Duration.ofSeconds(4));
          context.getBean(CacheManager.class).getCache("films");
          assertThat(configuration(jcache, "films").getMaximumEntries()).isEqualTo(OptionalLong.of(99));
        });
  }

  @Test
  void declaresCachesWithTheProvidersSettingNames() {
    runner.withPropertyValues("peanutcache.cache.books.expiry=accessed 10m",
        "peanutcache.cache.books.maximum-entries=100", "peanutcache.cache.books.statistics=true",
        "peanutcache.cache.books.hot-cache=10000 5s",
        "peanutcache.cache.[com.example.users].maximum-bytes=1MiB").run(context -> {
          PeanutCacheManager jcache = context.getBean(PeanutCacheManager.class);
          assertThat(jcache.getCacheNames()).contains("books", "com.example.users");
          PeanutConfiguration<?, ?> books = configuration(jcache, "books");
          assertThat(books.getExpiryPolicyFactory())
              .isEqualTo(AccessedExpiryPolicy.factoryOf(
                  new javax.cache.expiry.Duration(TimeUnit.MINUTES, 10)));
          assertThat(books.getMaximumEntries()).isEqualTo(OptionalLong.of(100));
          assertThat(books.isStatisticsEnabled()).isTrue();
          assertThat(books.getHotCacheMaximumEntries()).isEqualTo(OptionalLong.of(10_000));
          assertThat(books.getHotCacheMaximumAge()).isEqualTo(Optional.of(Duration.ofSeconds(5)));
          assertThat(configuration(jcache, "com.example.users").getMaximumBytes())
              .isEqualTo(OptionalLong.of(1 << 20));
        });
  }

  @Test
  void defaultsApplyToCachesOnFirstUseAndUnderDeclaredOnes() {
    runner.withPropertyValues("peanutcache.cache-defaults.expiry=created 1h",
        "peanutcache.cache-defaults.maximum-entries=500",
        "peanutcache.cache.books.maximum-bytes=64MiB",
        "peanutcache.cache-defaults.allow-null-values=false",
        "peanutcache.cache.books.allow-null-values=true").run(context -> {
          PeanutCacheManager jcache = context.getBean(PeanutCacheManager.class);
          CacheManager spring = context.getBean(CacheManager.class);
          PeanutSpringCache films = (PeanutSpringCache) spring.getCache("films");
          assertThat(configuration(jcache, "films").getMaximumEntries()).isEqualTo(OptionalLong.of(500));
          assertThat(configuration(jcache, "films").getExpiryPolicyFactory()).isEqualTo(
              CreatedExpiryPolicy.factoryOf(new javax.cache.expiry.Duration(TimeUnit.HOURS, 1)));
          assertThat(films.isAllowNullValues()).isFalse();
          PeanutConfiguration<?, ?> books = configuration(jcache, "books");
          assertThat(books.getMaximumBytes()).isEqualTo(OptionalLong.of(64L << 20));
          assertThat(books.getMaximumEntries()).as("a cache's own bound replaces the default's")
              .isEmpty();
          assertThat(books.getExpiryPolicyFactory()).isEqualTo(configuration(jcache, "films")
              .getExpiryPolicyFactory());
          assertThat(((PeanutSpringCache) spring.getCache("books")).isAllowNullValues()).isTrue();
        });
  }

  @Test
  void springCacheNamesAreMadeAtStartUpAndAreTheOnlyCaches() {
    runner.withPropertyValues("spring.cache.cache-names=books,films",
        "peanutcache.cache-defaults.statistics=true").run(context -> {
          PeanutCacheManager jcache = context.getBean(PeanutCacheManager.class);
          assertThat(jcache.getCacheNames()).containsExactlyInAnyOrder("books", "films");
          assertThat(configuration(jcache, "films").isStatisticsEnabled()).isTrue();
          assertThat(context.getBean(CacheManager.class).getCache("other")).isNull();
        });
  }

  @Test
  void statisticsAreOnUnlessACacheOrTheDefaultsTurnThemOff() {
    runner.withPropertyValues("peanutcache.cache.books.expiry=accessed 10m",
        "peanutcache.cache.films.statistics=false").run(context -> {
          PeanutCacheManager jcache = context.getBean(PeanutCacheManager.class);
          context.getBean(CacheManager.class).getCache("songs");
          assertThat(configuration(jcache, "books").isStatisticsEnabled()).isTrue();
          assertThat(configuration(jcache, "songs").isStatisticsEnabled()).isTrue();
          assertThat(configuration(jcache, "films").isStatisticsEnabled()).isFalse();
        });
    runner.withPropertyValues("peanutcache.cache-defaults.statistics=false").run(context -> {
      PeanutCacheManager jcache = context.getBean(PeanutCacheManager.class);
      context.getBean(CacheManager.class).getCache("songs");
      assertThat(configuration(jcache, "songs").isStatisticsEnabled()).isFalse();
    });
  }

  @Test
  void allowsSpringsClassesAfterTheApplicationsSerializationPatterns() {
    runner.withPropertyValues("peanutcache.serialization.allow=com.example.**,org.acme.Money")
        .run(context -> assertThat(context.getBean(PeanutCacheManager.class).nodeSettings()
            .serializationAllow()).containsExactly("com.example.**", "org.acme.Money",
                "org.springframework.cache.interceptor.SimpleKey",
                "org.springframework.cache.support.NullValue"));
  }

  @Configuration(proxyBeanMethods = false)
  @AutoConfigurationPackage
  static class PackagedApplication {}

  @Test
  void allowsTheApplicationsPackagesWithTheirSubpackages() {
    runner.withUserConfiguration(PackagedApplication.class).run(context ->
        assertThat(context.getBean(PeanutCacheManager.class).nodeSettings().serializationAllow())
            .contains("io.peanutcache.spring.boot.**"));
  }

  @Test
  void aMalformedSerializationPatternStopsStartUpNamingTheProperty() {
    runner.withPropertyValues("peanutcache.serialization.allow=com.example.**,com.*.internal")
        .run(context -> {
          assertThat(context).hasFailed();
          Throwable failure = context.getStartupFailure();
          while (failure != null && !(failure instanceof InvalidSettingException)) {
            failure = failure.getCause();
          }
          assertThat(failure).isInstanceOf(InvalidSettingException.class)
              .hasMessageContaining("peanutcache.serialization.allow")
              .hasMessageContaining("com.*.internal")
              .cause().hasMessageContaining("a * may only end a pattern");
        });
  }

  private static PeanutConfiguration<?, ?> configuration(PeanutCacheManager jcache, String name) {
    return jcache.getCache(name).getConfiguration(PeanutConfiguration.class);
  }
}
