package io.peanutcache.spring.boot.actuate;

import io.peanutcache.jcache.PeanutCacheManager;
import io.peanutcache.spring.boot.PeanutCacheAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The {@code peanutcache} Actuator endpoint ({@link PeanutCacheEndpoint}), when the application
 * has Spring Boot's Actuator and a PeanutCache node, and the endpoint is available (over the web,
 * once exposed: {@code management.endpoints.web.exposure.include=health,peanutcache}).
 */
@AutoConfiguration(after = PeanutCacheAutoConfiguration.class)
@ConditionalOnClass({Endpoint.class, ConditionalOnAvailableEndpoint.class})
@ConditionalOnBean(PeanutCacheManager.class)
public class PeanutCacheEndpointAutoConfiguration {

  /** Apart, so that its condition is read only once the Actuator's classes are known to exist. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnAvailableEndpoint(PeanutCacheEndpoint.class)
  static class EndpointConfiguration {

    @Bean
    @ConditionalOnMissingBean
    PeanutCacheEndpoint peanutCacheEndpoint(PeanutCacheManager manager) {
      return new PeanutCacheEndpoint(manager);
    }
  }
}
