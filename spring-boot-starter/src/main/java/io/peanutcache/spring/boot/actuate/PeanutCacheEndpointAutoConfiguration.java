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

/**
 * The {@code peanutcache} Actuator endpoint ({@link PeanutCacheEndpoint}), when the application
 * has Spring Boot's Actuator and a PeanutCache node, and the endpoint is available (over the web,
 * once exposed: {@code management.endpoints.web.exposure.include=health,peanutcache}).
 */
@AutoConfiguration(after = PeanutCacheAutoConfiguration.class)
@ConditionalOnClass({Endpoint.class, ConditionalOnAvailableEndpoint.class})
@ConditionalOnBean(PeanutCacheManager.class)
@ConditionalOnAvailableEndpoint(PeanutCacheEndpoint.class)
public class PeanutCacheEndpointAutoConfiguration {

  /**
   * The endpoint.
   *
   * @param manager the PeanutCache JCache manager
   * @return the endpoint
   */
  @Bean
  @ConditionalOnMissingBean
  public PeanutCacheEndpoint peanutCacheEndpoint(PeanutCacheManager manager) {
    return new PeanutCacheEndpoint(manager);
  }
}
