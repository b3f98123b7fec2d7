package io.peanutcache.benchmarks;

import io.peanutcache.jcache.PeanutCache;
import io.peanutcache.spring.cache.PeanutSpringCache;
import io.peanutcache.spring.cache.PeanutSpringCacheManager;
import io.peanutcache.testing.FreePorts;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.cache.CacheManager;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Three {@link BookApplication}s in this JVM, each a PeanutCache node made by the starter's
 * auto-configuration with a static peer list on free loopback ports: one cluster sharing the
 * cache {@value #CACHE}. Node 1's {@link BookCatalog} proxy is the caller the benchmark measures.
 *
 * <p>The cache is made at start-up from {@code spring.cache.cache-names} with the starter's
 * defaults: PeanutCache's defaults, store-by-value, no expiry, no hot cache, so a get through
 * node 1 of a key that node 2 or 3 owns is one gRPC call to that owner. Spring Data Redis's
 * auto-configuration is excluded here: these applications do not use Redis.
 */
final class PeanutSpringNodes implements AutoCloseable {

  /** The name of the cache {@link BookCatalog#book} uses. */
  static final String CACHE = "books";

  /** Spring Boot's Redis auto-configuration, which the Redis setup of the benchmark needs. */
  static final String REDIS_AUTO_CONFIGURATION = String.join(",",
      "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration",
      "org.springframework.boot.data.redis.autoconfigure.DataRedisReactiveAutoConfiguration",
      "org.springframework.boot.data.redis.autoconfigure.DataRedisRepositoriesAutoConfiguration");

  private final List<String> addresses;
  private final List<ConfigurableApplicationContext> contexts = new ArrayList<>();

  /** Starts the three applications, one after the other, and checks what each one made. */
  PeanutSpringNodes() {
    addresses = FreePorts.loopbackAddresses(ThreeNodeCluster.SIZE);
    try {
      for (String address : addresses) {
        ConfigurableApplicationContext context = start(address);
        contexts.add(context);
        CacheManager manager = context.getBean(CacheManager.class);
        if (!(manager instanceof PeanutSpringCacheManager)) {
          throw new IllegalStateException("the application on " + address
              + " has a Spring CacheManager of " + manager.getClass().getName()
              + ", not the starter's PeanutSpringCacheManager");
        }
      }
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  private ConfigurableApplicationContext start(String address) {
    return new SpringApplicationBuilder(BookApplication.class)
        .web(WebApplicationType.NONE)
        .logStartupInfo(false)
        .properties(
            "peanutcache.bind=" + address,
            "peanutcache.peers=" + String.join(",", addresses),
            "spring.cache.cache-names=" + CACHE,
            "spring.autoconfigure.exclude=" + REDIS_AUTO_CONFIGURATION,
            "spring.main.banner-mode=off")
        .run();
  }

  /**
   * Node {@code index}'s {@link BookCatalog}, through its caching proxy.
   *
   * @param index 0 (the caller), 1 or 2
   * @return the proxy
   */
  BookCatalog books(int index) {
    return contexts.get(index).getBean(BookCatalog.class);
  }

  /**
   * The PeanutCache under the caller's Spring cache {@value #CACHE}, for ownership questions.
   *
   * @return node 1's native cache
   */
  PeanutCache<Object, Object> callerCache() {
    return ((PeanutSpringCache) contexts.get(0).getBean(CacheManager.class).getCache(CACHE))
        .getNativeCache();
  }

  /**
   * The address of every node, {@code host:port}, the caller first.
   *
   * @return the three addresses
   */
  List<String> nodeNames() {
    return addresses;
  }

  /** Closes the three contexts; each one's node leaves the cluster as its context stops. */
  @Override
  public void close() {
    RuntimeException failure = null;
    for (ConfigurableApplicationContext context : contexts) {
      try {
        context.close();
      } catch (RuntimeException e) {
        failure = failure == null ? e : failure;
      }
    }
    contexts.clear();
    if (failure != null) {
      throw failure;
    }
  }
}
