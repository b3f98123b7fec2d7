package io.peanutcache.spring.boot.actuate;

import io.peanutcache.jcache.PeanutCacheManager;
import io.peanutcache.spring.boot.PeanutCacheAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The {@code peanutcache} health contributor ({@link PeanutCacheHealthIndicator}), when the
 * application has Spring Boot's health support and a PeanutCache node. It is turned off with
 * {@code management.health.peanutcache.enabled=false}, and joins a health group like any other
 * contributor: {@code management.endpoint.health.group.readiness.include=readinessState,peanutcache}.
 */
@AutoConfiguration(after = PeanutCacheAutoConfiguration.class)
@ConditionalOnClass({HealthIndicator.class, ConditionalOnEnabledHealthIndicator.class})
@ConditionalOnBean(PeanutCacheManager.class)
public class PeanutCacheHealthAutoConfiguration {

  /** Apart, so that its condition is read only once the health classes are known to exist. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnEnabledHealthIndicator("peanutcache")
  static class HealthIndicatorConfiguration {

    /** The health of this node, named {@code peanutcache}. */
    @Bean
    @ConditionalOnMissingBean(name = "peanutcacheHealthIndicator")
    PeanutCacheHealthIndicator peanutcacheHealthIndicator(PeanutCacheManager manager) {
      return new PeanutCacheHealthIndicator(manager);
    }
  }
}
