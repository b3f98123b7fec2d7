package io.peanutcache.spring.cache;

import io.peanutcache.spring.boot.PeanutCacheAutoConfiguration;
import io.peanutcache.testing.FreePorts;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Spring Boot applications in this JVM, each a PeanutCache node with a static peer list on free
 * loopback ports: a cluster of contexts.
 */
final class SpringNodes implements AutoCloseable {

  /** The application: caching on, the starter's auto-configuration, one {@link Books}. */
  @Configuration(proxyBeanMethods = false)
  @EnableCaching
  @ImportAutoConfiguration(PeanutCacheAutoConfiguration.class)
  static class Application {
    @Bean
    Books books() {
      return new Books();
    }
  }

  static final String CACHES = "titles,failures,async,reactive,nothing,authors,shared";

  private final List<String> addresses;
  private final List<ConfigurableApplicationContext> contexts = new ArrayList<>();

  private SpringNodes(List<String> addresses) {
    this.addresses = addresses;
  }

  /** Starts {@code size} applications that form one cluster. */
  static SpringNodes start(int size) {
    SpringNodes nodes = new SpringNodes(FreePorts.loopbackAddresses(size));
    for (int i = 0; i < size; i++) {
      nodes.contexts.add(nodes.run(i));
    }
    return nodes;
  }

  /** Starts the application of node {@code index}, on its address. */
  ConfigurableApplicationContext run(int index) {
    return new SpringApplicationBuilder(Application.class)
        .web(WebApplicationType.NONE)
        .properties("peanutcache.bind=" + addresses.get(index),
            "peanutcache.peers=" + String.join(",", addresses),
            "peanutcache.rpc.timeout=20s",
            "spring.cache.cache-names=" + CACHES,
            "spring.main.banner-mode=off")
        .run();
  }

  /** Closes node {@code index}'s context and starts a new one on the same address. */
  void restart(int index) {
    contexts.get(index).close();
    contexts.set(index, run(index));
  }

  ConfigurableApplicationContext context(int index) {
    return contexts.get(index);
  }

  int size() {
    return contexts.size();
  }

  String address(int index) {
    return addresses.get(index);
  }

  Books books(int index) {
    return context(index).getBean(Books.class);
  }

  PeanutSpringCache cache(int index, String name) {
    return (PeanutSpringCache) context(index).getBean(PeanutSpringCacheManager.class).getCache(name);
  }

  @Override
  public void close() {
    contexts.forEach(ConfigurableApplicationContext::close);
  }
}
