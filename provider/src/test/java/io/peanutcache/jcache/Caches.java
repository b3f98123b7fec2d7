package io.peanutcache.jcache;

import io.peanutcache.spi.PeanutCachingProvider;
import io.peanutcache.store.TimeSource;
import java.net.URI;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.CacheManager;
import javax.cache.Caching;

/** Opens CacheManagers of the PeanutCache provider, each under a URI of its own. */
final class Caches {

  private static final AtomicInteger COUNT = new AtomicInteger();

  private Caches() {}

  static CacheManager manager() {
    return manager(TimeSource.SYSTEM);
  }

  static CacheManager manager(TimeSource time) {
    Properties properties = new Properties();
    properties.put(PeanutCacheManager.TIME_SOURCE_PROPERTY, time);
    return Caching.getCachingProvider(PeanutCachingProvider.class.getName()).getCacheManager(
        URI.create("urn:peanutcache:test-" + COUNT.incrementAndGet()),
        Caches.class.getClassLoader(), properties);
  }
}
