package io.peanutcache.benchmarks;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.cache.CacheManager;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.cache.RedisCacheManager;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.ScanOptions;

/**
 * One {@link BookApplication} whose Spring cache is Spring Boot's Redis cache: {@code
 * spring.cache.type=redis}, Lettuce (Boot's default client) against the Redis server at {@value
 * #HOST}:{@value #PORT}, all from Spring Boot's auto-configuration.
 *
 * <p>Every key the cache writes starts with a prefix of this instance's own ({@code
 * peanutcache-bench-<uuid>:}), so that nothing else in that Redis is read or changed; {@link
 * #close} deletes the keys with that prefix before closing the context. The cache's other settings
 * are Boot's defaults: no expiry, values in JDK serialization, one Lettuce connection shared by
 * every caller.
 */
final class RedisSpringNode implements AutoCloseable {

  /** Where the Redis server is expected. */
  static final String HOST = "127.0.0.1";

  /** Its port. */
  static final int PORT = 6379;

  /** Keys deleted per {@code DEL} when cleaning up. */
  private static final int DELETE_BATCH = 500;

  private final String keyPrefix = "peanutcache-bench-" + UUID.randomUUID() + ":";
  private final ConfigurableApplicationContext context;

  /**
   * Starts the application and checks that its cache is Redis and that Redis answers.
   *
   * @throws IllegalStateException if Redis is not reachable at {@value #HOST}:{@value #PORT}, or
   *     the application's cache is not Boot's Redis cache over Lettuce
   */
  RedisSpringNode() {
    context = new SpringApplicationBuilder(BookApplication.class)
        .web(WebApplicationType.NONE)
        .logStartupInfo(false)
        .properties(
            "spring.cache.type=redis",
            "spring.cache.cache-names=" + PeanutSpringNodes.CACHE,
            "spring.cache.redis.key-prefix=" + keyPrefix,
            "spring.data.redis.host=" + HOST,
            "spring.data.redis.port=" + PORT,
            "spring.data.redis.client-type=lettuce",
            "spring.data.redis.timeout=5s",
            "spring.main.banner-mode=off")
        .run();
    try {
      CacheManager manager = context.getBean(CacheManager.class);
      if (!(manager instanceof RedisCacheManager)) {
        throw new IllegalStateException("spring.cache.type=redis gave a Spring CacheManager of "
            + manager.getClass().getName() + ", not Spring Data Redis's RedisCacheManager");
      }
      RedisConnectionFactory factory = context.getBean(RedisConnectionFactory.class);
      if (!(factory instanceof LettuceConnectionFactory)) {
        throw new IllegalStateException("the Redis connection factory is "
            + factory.getClass().getName() + ", not Lettuce's");
      }
      ping(factory);
    } catch (RuntimeException e) {
      context.close();
      throw e;
    }
  }

  private static void ping(RedisConnectionFactory factory) {
    try (RedisConnection connection = factory.getConnection()) {
      connection.ping();
    } catch (RuntimeException e) {
      throw new IllegalStateException("Redis is not reachable at " + HOST + ":" + PORT
          + " (" + e + "). The redis setup of SpringCacheableBenchmark needs a Redis server"
          + " there; start one (redis-server) or leave the setup out with"
          + " -p setup=peanutcache-local,peanutcache-remote", e);
    }
  }

  /**
   * The application's {@link BookCatalog}, through its caching proxy.
   *
   * @return the proxy
   */
  BookCatalog books() {
    return context.getBean(BookCatalog.class);
  }

  /**
   * The keys in Redis that this instance's cache wrote.
   *
   * @return their names, found with {@code SCAN}
   */
  List<String> keys() {
    List<String> keys = new ArrayList<>();
    try (RedisConnection connection = context.getBean(RedisConnectionFactory.class).getConnection();
        Cursor<byte[]> cursor = connection.keyCommands()
            .scan(ScanOptions.scanOptions().match(keyPrefix + "*").count(1_000).build())) {
      cursor.forEachRemaining(key -> keys.add(new String(key, StandardCharsets.UTF_8)));
    }
    return keys;
  }

  /** Deletes every key this instance's cache wrote, then closes the context. */
  @Override
  public void close() {
    try {
      List<String> keys = keys();
      try (RedisConnection connection =
          context.getBean(RedisConnectionFactory.class).getConnection()) {
        for (int from = 0; from < keys.size(); from += DELETE_BATCH) {
          byte[][] batch = keys.subList(from, Math.min(from + DELETE_BATCH, keys.size())).stream()
              .map(key -> key.getBytes(StandardCharsets.UTF_8))
              .toArray(byte[][]::new);
          connection.keyCommands().del(batch);
        }
      }
    } finally {
      context.close();
    }
  }
}
