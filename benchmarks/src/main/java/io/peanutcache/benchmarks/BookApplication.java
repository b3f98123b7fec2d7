package io.peanutcache.benchmarks;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The Spring Boot application of {@link SpringCacheableBenchmark}: caching on, Spring Boot's
 * auto-configuration, one {@link BookCatalog}. Which cache is under it is decided by
 * auto-configuration from the properties the application is started with: PeanutCache's starter
 * by default, Spring Boot's Redis cache with {@code spring.cache.type=redis}.
 */
@Configuration(proxyBeanMethods = false)
@EnableAutoConfiguration
@EnableCaching
public class BookApplication {

  /**
   * The cached service.
   *
   * @return a new {@link BookCatalog}, which Spring wraps in its caching proxy
   */
  @Bean
  public BookCatalog bookCatalog() {
    return new BookCatalog();
  }
}
