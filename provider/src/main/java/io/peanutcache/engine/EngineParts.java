package io.peanutcache.engine;

import io.peanutcache.PeanutConfiguration;
import io.peanutcache.codec.ValueCodec;
import io.peanutcache.event.EventDispatcher;
import io.peanutcache.store.StoreBound;
import io.peanutcache.store.TimeSource;
import java.time.Duration;
import javax.cache.expiry.ExpiryPolicy;
import javax.cache.integration.CacheLoader;
import javax.cache.integration.CacheWriter;

/**
 * What an engine is made of, built from a cache's configuration: the loader, writer and expiry
 * policy from their factories, how values are stored, the bound, the clock, how long a caller waits
 * for a load and the listeners.
 *
 * @param <K> the type of keys
 * @param <V> the type of values
 */
record EngineParts<K, V>(
    String cacheName,
    ValueStorage storage,
    ExpiryPolicy expiryPolicy,
    CacheLoader<K, V> loader,
    boolean readThrough,
    CacheWriter<K, V> writer,
    boolean writeThrough,
    long maximumEntries,
    long maximumBytes,
    TimeSource time,
    Duration loadTimeout,
    EventDispatcher<K, V> events) {

  /**
   * Builds the parts of a cache. The factories run with the cache's class loader as the thread's
   * context class loader, since factories made from class names load their class through it.
   */
  static <K, V> EngineParts<K, V> of(String cacheName, PeanutConfiguration<K, V> configuration,
      ClassLoader classLoader, TimeSource time, Duration loadTimeout, EventDispatcher<K, V> events) {
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(classLoader);
    try {
      return build(cacheName, configuration, classLoader, time, loadTimeout, events);
    } finally {
      thread.setContextClassLoader(previous);
    }
  }

  @SuppressWarnings("unchecked")
  private static <K, V> EngineParts<K, V> build(String cacheName, PeanutConfiguration<K, V> configuration,
      ClassLoader classLoader, TimeSource time, Duration loadTimeout, EventDispatcher<K, V> events) {
    ValueStorage storage = configuration.isStoreByValue()
        ? ValueStorage.byValue(new ValueCodec(classLoader))
        : ValueStorage.byReference();
    CacheLoader<K, V> loader = configuration.getCacheLoaderFactory() == null
        ? null : (CacheLoader<K, V>) configuration.getCacheLoaderFactory().create();
    CacheWriter<K, V> writer = configuration.getCacheWriterFactory() == null
        ? null : (CacheWriter<K, V>) configuration.getCacheWriterFactory().create();
    return new EngineParts<>(cacheName, storage, configuration.getExpiryPolicyFactory().create(),
        loader, configuration.isReadThrough(), writer, configuration.isWriteThrough(),
        configuration.getMaximumEntries().orElse(-1), configuration.getMaximumBytes().orElse(-1),
        time, loadTimeout, events);
  }

  StoreBound bound(ValueStorage storage) {
    if (maximumEntries > 0) {
      return StoreBound.entries(maximumEntries);
    }
    if (maximumBytes > 0) {
      return StoreBound.bytes(maximumBytes, storage::weigh);
    }
    return StoreBound.UNBOUNDED;
  }
}
