package io.peanutcache.spring.boot.actuate;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.cache.CacheMeterBinder;
import io.peanutcache.management.CacheStatistics;
import io.peanutcache.spring.cache.PeanutSpringCache;
import org.springframework.boot.cache.metrics.CacheMeterBinderProvider;

/**
 * Binds a {@link PeanutSpringCache} under Spring Boot's cache metric names: {@code cache.gets}
 * ({@code result=hit|miss}), {@code cache.puts}, {@code cache.evictions} and
 * {@code cache.removals}, tagged with the cache's name. The counts are this node's handle's
 * JCache statistics: the operations made on this node, wherever the keys live. They count only
 * while the cache has statistics enabled, which the starter does by default.
 *
 * <p>No {@code cache.size} is bound: a cache's entries are spread over the nodes, and counting
 * them would call every node.
 */
public class PeanutCacheMeterBinderProvider implements CacheMeterBinderProvider<PeanutSpringCache> {

  @Override
  public MeterBinder getMeterBinder(PeanutSpringCache cache, Iterable<Tag> tags) {
    return new PeanutCacheMetrics(cache, tags);
  }

  /** The meters of one cache, read from its handle's statistics when the registry asks. */
  static final class PeanutCacheMetrics extends CacheMeterBinder<PeanutSpringCache> {

    PeanutCacheMetrics(PeanutSpringCache cache, Iterable<Tag> tags) {
      super(cache, cache.getName(), tags);
    }

    private static CacheStatistics statistics(PeanutSpringCache cache) {
      return cache.getNativeCache().statistics();
    }

    private long read(java.util.function.ToLongFunction<CacheStatistics> count) {
      PeanutSpringCache cache = getCache();
      return cache == null ? 0 : count.applyAsLong(statistics(cache));
    }

    @Override
    protected Long size() {
      return null;
    }

    @Override
    protected long hitCount() {
      return read(CacheStatistics::getCacheHits);
    }

    @Override
    protected Long missCount() {
      return read(CacheStatistics::getCacheMisses);
    }

    @Override
    protected Long evictionCount() {
      return read(CacheStatistics::getCacheEvictions);
    }

    @Override
    protected long putCount() {
      return read(CacheStatistics::getCachePuts);
    }

    @Override
    protected void bindImplementationSpecificMetrics(MeterRegistry registry) {
      PeanutSpringCache cache = getCache();
      if (cache == null) {
        return;
      }
      FunctionCounter.builder("cache.removals", cache,
              one -> statistics(one).getCacheRemovals())
          .tags(getTagsWithCacheName())
          .description("Entries removed from the cache by the application, through this node")
          .register(registry);
    }
  }
}
