package io.peanutcache.spring.boot.actuate;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.peanutcache.jcache.PeanutCacheManager;
import io.peanutcache.spring.boot.PeanutCacheAutoConfiguration;
import io.peanutcache.spring.cache.PeanutSpringCacheManager;
import java.util.List;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.cache.metrics.CacheMeterBinderProvider;
import org.springframework.boot.cache.metrics.CacheMetricsRegistrar;
import org.springframework.cache.Cache;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Micrometer meters of a PeanutCache node ({@link PeanutNodeMetrics}) and of its Spring caches
 * ({@link PeanutCacheMeterBinderProvider}), when the application has Micrometer. Spring Boot
 * binds the meter binder to its registry, and its {@link CacheMetricsRegistrar} binds the caches
 * that exist at start-up; the caches a {@link PeanutSpringCacheManager} makes on first use later
 * are bound here as they are made, with the same tags.
 */
@AutoConfiguration(after = PeanutCacheAutoConfiguration.class)
@ConditionalOnClass(MeterBinder.class)
@ConditionalOnBean(PeanutCacheManager.class)
public class PeanutCacheMetricsAutoConfiguration {

  /**
   * The node's meters.
   *
   * @param manager the PeanutCache JCache manager
   * @return the meter binder; it binds nothing for an embedded node
   */
  @Bean
  @ConditionalOnMissingBean
  public PeanutNodeMetrics peanutNodeMetrics(PeanutCacheManager manager) {
    return new PeanutNodeMetrics(manager);
  }

  /** The caches' meters, under Spring Boot's cache metric names. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(CacheMeterBinderProvider.class)
  static class CacheMetricsConfiguration {

    /** The suffix Spring Boot takes off a cache manager's bean name for its tag. */
    private static final String CACHE_MANAGER_SUFFIX = "cacheManager";

    @Bean
    @ConditionalOnMissingBean
    PeanutCacheMeterBinderProvider peanutCacheMeterBinderProvider() {
      return new PeanutCacheMeterBinderProvider();
    }

    /**
     * Binds each cache a PeanutCache Spring cache manager makes after start-up. The caches it
     * held when Spring Boot's registrar was made have their meters already, and are passed over:
     * bound twice, each meter would be refused by the registry, which logs a warning.
     */
    @Bean
    static SmartInitializingSingleton peanutCachesMadeOnFirstUseMetrics(
        ObjectProvider<CacheMetricsRegistrar> registrar, ObjectProvider<MeterRegistry> registry,
        ListableBeanFactory beans) {
      return () -> registrar.ifAvailable(metrics ->
          beans.getBeansOfType(PeanutSpringCacheManager.class, false, false)
              .forEach((beanName, manager) -> {
                Tag cacheManager = Tag.of("cache.manager", tag(beanName));
                manager.whenCacheOpens(cache -> {
                  if (!bound(registry.getIfUnique(), cache, cacheManager)) {
                    metrics.bindCacheToRegistry(cache, cacheManager);
                  }
                });
              }));
    }

    /** Whether {@code registry} has the meters of {@code cache} of that cache manager already. */
    private static boolean bound(MeterRegistry registry, Cache cache, Tag cacheManager) {
      return registry != null && registry.find("cache.gets").tag("cache", cache.getName())
          .tags(List.of(cacheManager)).meter() != null;
    }

    /** The {@code cache.manager} tag Spring Boot gives a cache manager's caches. */
    private static String tag(String beanName) {
      if (beanName.length() > CACHE_MANAGER_SUFFIX.length()
          && beanName.toLowerCase().endsWith(CACHE_MANAGER_SUFFIX.toLowerCase())) {
        return beanName.substring(0, beanName.length() - CACHE_MANAGER_SUFFIX.length());
      }
      return beanName;
    }
  }
}
