package io.peanutcache.spring.cache;

import io.peanutcache.PeerException;
import io.peanutcache.jcache.PeanutCache;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.cache.CacheException;
import javax.cache.processor.EntryProcessorException;
import org.springframework.cache.support.AbstractValueAdaptingCache;

/**
 * A Spring {@link org.springframework.cache.Cache} over one {@link PeanutCache}: each key lives on
 * its owner node, and every node of the cluster sees the same entries.
 *
 * <p>What each method guarantees here:
 *
 * <ul>
 *   <li>{@link #get(Object, Callable)} ({@code @Cacheable(sync = true)}) calls the value loader
 *       once across the cluster for a key missed on many nodes at once: the loader runs under the
 *       key's lease, which its owner grants to one caller at a time; the others then find the
 *       value. A loader that throws stores nothing: its caller gets a
 *       {@link ValueRetrievalException} wrapping the exception, and each caller waiting behind it
 *       tries the loader in turn (never two at once), getting the same kind of exception if it
 *       fails again. When the key's owner cannot be reached (it died, or its network did), the
 *       loader runs on this node instead, once at a time for the callers here, and its value is
 *       returned without being stored, as a read-through get of the provider loads around an
 *       unreachable owner; so one instance's death never fails the others' requests.
 *   <li>{@link #retrieve(Object)} and {@link #retrieve(Object, Supplier)} never block on a remote
 *       owner: they complete when its answer arrives. A value loaded by
 *       {@code retrieve(key, loader)} is stored (a blocking write, on the manager's writer
 *       threads) before the returned future completes; it is loaded by each node that misses,
 *       not once across the cluster. When the owner cannot be reached, the loader's value is
 *       returned without being stored.
 *   <li>{@link #putIfAbsent} runs atomically on the key's owner.
 *   <li>{@link #evictIfPresent} and {@link #invalidate} have taken effect on every node when they
 *       return; so have {@link #evict} and {@link #clear}.
 *   <li>With {@code allowNullValues}, a null is stored as Spring's serializable
 *       {@link org.springframework.cache.support.NullValue} and shared like any value.
 *   <li>A failure of the cache (a peer that cannot be reached, a timeout, a value that cannot be
 *       encoded) is thrown as the provider's {@link javax.cache.CacheException}, a
 *       {@link RuntimeException}, which Spring hands to its {@code CacheErrorHandler}; the
 *       futures of {@code retrieve} complete exceptionally with it.
 * </ul>
 */
public class PeanutSpringCache extends AbstractValueAdaptingCache {

  private final PeanutCache<Object, Object> cache;
  private final Executor writes;
  private final LoadsAroundOwner aroundOwner;

  /**
   * A Spring cache over {@code cache}.
   *
   * @param cache the PeanutCache, with {@code Object} keys and values (any JCache types work, as
   *     long as the keys and values Spring gives it are of them)
   * @param allowNullValues whether nulls are stored (as a marker) rather than refused
   * @param writes the threads on which {@link #retrieve(Object, Supplier)} stores a loaded value
   * @throws NullPointerException if {@code cache} or {@code writes} is null
   */
  public PeanutSpringCache(PeanutCache<Object, Object> cache, boolean allowNullValues,
      Executor writes) {
    super(allowNullValues);
    this.cache = Objects.requireNonNull(cache, "cache");
    this.writes = Objects.requireNonNull(writes, "writes");
    this.aroundOwner = new LoadsAroundOwner(cache.getName());
  }

  @Override
  public String getName() {
    return cache.getName();
  }

  /**
   * The PeanutCache under this cache.
   *
   * @return the {@link PeanutCache}
   */
  @Override
  public PeanutCache<Object, Object> getNativeCache() {
    return cache;
  }

  @Override
  protected Object lookup(Object key) {
    return cache.get(key);
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> T get(Object key, Callable<T> valueLoader) {
    try {
      return (T) fromStoreValue(
          cache.invoke(key, new ValueLoaderProcessor<>(valueLoader, this::toStoreValue)));
    } catch (CacheException failed) {
      if (failed.getCause() instanceof ValueRetrievalException retrieval) {
        throw retrieval;
      }
      if (PeerException.isUnreachable(failed)) {
        try {
          return (T) aroundOwner.load(key, valueLoader, failed);
        } catch (Exception loaderFailure) {
          throw new ValueRetrievalException(key, valueLoader, loaderFailure);
        }
      }
      if (failed instanceof EntryProcessorException) {
        throw new ValueRetrievalException(key, valueLoader, failed.getCause());
      }
      throw failed;
    }
  }

  /**
   * The value of {@code key}, without blocking on the key's owner.
   *
   * @return a future of the value (a {@link org.springframework.cache.Cache.ValueWrapper} when
   *     nulls are allowed, so that a stored null tells itself from a miss; the plain value
   *     otherwise), completing with null when the cache holds nothing for {@code key}
   */
  @Override
  public CompletableFuture<?> retrieve(Object key) {
    return cache.getAsync(key).thenApply(stored -> stored == null ? null
        : isAllowNullValues() ? toValueWrapper(stored) : fromStoreValue(stored));
  }

  /**
   * The value of {@code key}, or the one {@code valueLoader} gives, stored before the future
   * completes. Without blocking on the key's owner; the store runs on the writer threads.
   *
   * @return a future of the value, null when the loader gave null; completed exceptionally when
   *     the loader's future or the cache failed
   */
  @Override
  @SuppressWarnings("unchecked")
  public <T> CompletableFuture<T> retrieve(Object key, Supplier<CompletableFuture<T>> valueLoader) {
    return cache.getAsync(key).handle((stored, failure) -> {
      if (failure != null) {
        if (!PeerException.isUnreachable(failure)) {
          return CompletableFuture.<T>failedFuture(failure instanceof CompletionException
              && failure.getCause() != null ? failure.getCause() : failure);
        }
        return valueLoader.get();
      }
      if (stored != null) {
        return CompletableFuture.completedFuture((T) fromStoreValue(stored));
      }
      return valueLoader.get().thenCompose(value -> value == null && !isAllowNullValues()
          ? CompletableFuture.completedFuture(null)
          : CompletableFuture.supplyAsync(() -> {
            put(key, value);
            return value;
          }, writes));
    }).thenCompose(Function.identity());
  }

  @Override
  public void put(Object key, Object value) {
    cache.put(key, toStoreValue(value));
  }

  @Override
  public ValueWrapper putIfAbsent(Object key, Object value) {
    return toValueWrapper(cache.invoke(key, PutIfAbsentProcessor.INSTANCE, toStoreValue(value)));
  }

  @Override
  public void evict(Object key) {
    cache.remove(key);
  }

  @Override
  public boolean evictIfPresent(Object key) {
    return cache.remove(key);
  }

  @Override
  public void clear() {
    cache.removeAll();
  }

  @Override
  public boolean invalidate() {
    boolean hadEntries = cache.iterator().hasNext();
    cache.removeAll();
    return hadEntries;
  }

  @Override
  public String toString() {
    return "PeanutSpringCache{" + getName() + "}";
  }
}
