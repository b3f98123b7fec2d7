package io.peanutcache.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.peanutcache.InvalidSettingException;
import io.peanutcache.PeanutConfiguration;
import io.peanutcache.jcache.PeanutCacheManager;
import io.peanutcache.spring.cache.PeanutSpringCacheManager;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import javax.cache.expiry.AccessedExpiryPolicy;
import javax.cache.expiry.CreatedExpiryPolicy;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.Configuration;

/**
 * Spring Boot's two JCache properties: {@code spring.cache.jcache.config} names a PeanutCache
 * settings file, and {@code spring.cache.jcache.provider} naming another provider makes the
 * starter back off.
 */
class JCacheConfigFileTest {

  private static final String FILE = "classpath:io/peanutcache/spring/boot/bookshop.properties";

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(
          PeanutCacheAutoConfiguration.class, CacheAutoConfiguration.class))
      .withUserConfiguration(CachingOn.class);

  @Configuration(proxyBeanMethods = false)
  @EnableCaching
  static class CachingOn {}

  @Test
  void theFilesCachesAndNodeSettingsApply() {
    runner.withPropertyValues("spring.cache.jcache.config=" + FILE).run(context -> {
      PeanutCacheManager jcache = context.getBean(PeanutCacheManager.class);
      assertThat(jcache.getCacheNames()).as("the file's caches are made at start-up")
          .contains("stock", "prices");
      assertThat(configuration(jcache, "stock").getMaximumEntries()).isEqualTo(OptionalLong.of(100));
      assertThat(configuration(jcache, "stock").getExpiryPolicyFactory()).isEqualTo(
          CreatedExpiryPolicy.factoryOf(new javax.cache.expiry.Duration(TimeUnit.MINUTES, 5)));
      assertThat(configuration(jcache, "prices").isStatisticsEnabled())
          .as("a cache the file declares keeps the file's settings, not the starter's defaults")
          .isFalse();
      assertThat(jcache.nodeSettings().rpcTimeout()).isEqualTo(Duration.ofSeconds(7));
      assertThat(jcache.nodeSettings().nodeName()).isEqualTo("from-the-file");
      assertThat(jcache.identity()).as("the file names the caches in the cluster")
          .isEqualTo("classpath:io/peanutcache/spring/boot/bookshop.properties");
      assertThat(context.getBean(CacheManager.class)).isInstanceOf(PeanutSpringCacheManager.class);
    });
  }

  @Test
  void springPropertiesAreLaidOverTheFile() {
    runner.withPropertyValues("spring.cache.jcache.config=" + FILE,
        "peanutcache.rpc.timeout=3s", "peanutcache.manager=urn:bookshop",
        "peanutcache.cache.stock.expiry=accessed 10m",
        "peanutcache.cache-defaults.maximum-entries=7").run(context -> {
          PeanutCacheManager jcache = context.getBean(PeanutCacheManager.class);
          PeanutConfiguration<?, ?> stock = configuration(jcache, "stock");
          assertThat(stock.getExpiryPolicyFactory()).isEqualTo(AccessedExpiryPolicy.factoryOf(
              new javax.cache.expiry.Duration(TimeUnit.MINUTES, 10)));
          assertThat(stock.getMaximumEntries()).as("the file's bound, not the defaults'")
              .isEqualTo(OptionalLong.of(100));
          assertThat(jcache.nodeSettings().rpcTimeout()).isEqualTo(Duration.ofSeconds(3));
          assertThat(jcache.nodeSettings().nodeName()).isEqualTo("from-the-file");
          assertThat(jcache.identity()).isEqualTo("urn:bookshop");
          context.getBean(CacheManager.class).getCache("films");
          assertThat(configuration(jcache, "films").getMaximumEntries())
              .as("caches made on first use still get the defaults")
              .isEqualTo(OptionalLong.of(7));
        });
  }

  @Test
  void aMissingFileStopsStartUpNamingTheProperty() {
    runner.withPropertyValues("spring.cache.jcache.config=classpath:no/such/peanutcache.properties")
        .run(context -> {
          assertThat(context).hasFailed();
          assertThat(context).getFailure().rootCause()
              .isInstanceOf(InvalidSettingException.class)
              .hasMessageContaining("spring.cache.jcache.config")
              .hasMessageContaining("classpath:no/such/peanutcache.properties");
        });
  }

  @Test
  void aWrongSettingInTheFileStopsStartUpNamingTheFile() {
    runner.withPropertyValues(
        "spring.cache.jcache.config=classpath:io/peanutcache/spring/boot/wrong.properties")
        .run(context -> {
          assertThat(context).hasFailed();
          assertThat(context).getFailure().rootCause()
              .isInstanceOf(InvalidSettingException.class)
              .hasMessageContaining("peanutcache.cache.stock.maximum-entries=lots")
              .hasMessageContaining("wrong.properties");
        });
  }

  @Test
  void staysWhenSpringCacheJCacheProviderNamesPeanutCache() {
    runner.withPropertyValues(
        "spring.cache.jcache.provider=io.peanutcache.spi.PeanutCachingProvider").run(context ->
        assertThat(context.getBean(CacheManager.class)).isInstanceOf(PeanutSpringCacheManager.class));
  }

  @Test
  void backsOffWhenSpringCacheJCacheProviderNamesAnotherProvider() {
    runner.withPropertyValues("spring.cache.jcache.provider=com.example.OtherCachingProvider")
        .run(context -> {
          assertThat(context).as("Spring Boot, not the starter, looks for the other provider")
              .hasFailed();
          assertThat(context).getFailure().hasStackTraceContaining("com.example.OtherCachingProvider");
        });
  }

  private static PeanutConfiguration<?, ?> configuration(PeanutCacheManager jcache, String name) {
    return jcache.getCache(name).getConfiguration(PeanutConfiguration.class);
  }
}
