package io.peanutcache.hibernate.storage;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.processor.EntryProcessor;
import org.hibernate.cache.spi.support.DomainDataStorageAccess;
import org.hibernate.engine.spi.SharedSessionContractImplementor;

/**
 * The storage of one region: its PeanutCache cache. Reads and puts that fail are misses: the
 * failure is logged (at most one warning per region every {@value #WARNING_INTERVAL_SECONDS}
 * seconds, the others at debug level) and counted in {@link #failures()}. Steps that must not be
 * lost go through {@link StepRetries} instead, and evictions throw.
 *
 * <p>{@link #release()} leaves the cache open: the CacheManager closes it, and a CacheManager the
 * application supplied outlives the session factory.
 */
public final class RegionStorage implements DomainDataStorageAccess {

  private static final System.Logger LOG = System.getLogger(RegionStorage.class.getName());
  private static final long WARNING_INTERVAL_SECONDS = 10;

  private final Cache<Object, Object> cache;
  private final AtomicLong failures = new AtomicLong();
  private final AtomicLong lastWarning = new AtomicLong(System.nanoTime() - WARNING_INTERVAL_SECONDS * 2_000_000_000L);

  /**
   * @param cache the region's cache
   */
  public RegionStorage(Cache<Object, Object> cache) {
    this.cache = Objects.requireNonNull(cache, "cache");
  }

  /** The region's cache. */
  public Cache<Object, Object> cache() {
    return cache;
  }

  /** How many reads, puts and steps of this region failed and were passed over since it began. */
  public long failures() {
    return failures.get();
  }

  @Override
  public Object getFromCache(Object key, SharedSessionContractImplementor session) {
    try {
      return cache.get(key);
    } catch (CacheException e) {
      failed("read", key, e);
      return null;
    }
  }

  @Override
  public void putIntoCache(Object key, Object value, SharedSessionContractImplementor session) {
    try {
      cache.put(key, value);
    } catch (CacheException e) {
      failed("put", key, e);
    }
  }

  /**
   * Runs {@code step} on the key's owner.
   *
   * @param key the key
   * @param step the step
   * @param onFailure what the step tells when it cannot run
   * @param <T> what the step tells
   * @return what the step told, or {@code onFailure} if it failed (logged and counted)
   */
  public <T> T invoke(Object key, EntryProcessor<Object, Object, T> step, T onFailure) {
    try {
      return cache.invoke(key, step);
    } catch (CacheException e) {
      failed(step.getClass().getSimpleName(), key, e);
      return onFailure;
    }
  }

  @Override
  public void removeFromCache(Object key, SharedSessionContractImplementor session) {
    cache.remove(key);
  }

  @Override
  public void clearCache(SharedSessionContractImplementor session) {
    cache.clear();
  }

  @Override
  public boolean contains(Object key) {
    try {
      return cache.containsKey(key);
    } catch (CacheException e) {
      failed("containsKey", key, e);
      return false;
    }
  }

  @Override
  public void evictData() {
    cache.clear();
  }

  @Override
  public void evictData(Object key) {
    cache.remove(key);
  }

  @Override
  public void release() {
    // the CacheManager closes the cache
  }

  private void failed(String operation, Object key, CacheException e) {
    failures.incrementAndGet();
    long now = System.nanoTime();
    long last = lastWarning.get();
    boolean warn = now - last >= WARNING_INTERVAL_SECONDS * 1_000_000_000L
        && lastWarning.compareAndSet(last, now);
    LOG.log(warn ? System.Logger.Level.WARNING : System.Logger.Level.DEBUG,
        "second-level cache {0} of {1} in region {2} failed, passed over as a miss ({3} failures so"
            + " far): {4}", operation, key, cache.getName(), failures.get(), e.toString());
  }
}
