package io.peanutcache.spring.cache;

import io.peanutcache.threads.DaemonThreads;
import io.peanutcache.jcache.PeanutCache;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import javax.cache.CacheException;
import javax.cache.configuration.Configuration;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.cache.CacheManager;

/**
 * The Spring {@link CacheManager} of PeanutCache: hands out a {@link PeanutSpringCache} over each
 * cache of a PeanutCache JCache {@link javax.cache.CacheManager}.
 *
 * <p>A cache the JCache manager knows (declared in its settings, created on any node of the
 * cluster) is used as it is. Another name is created on first use with the configuration
 * {@code configurationOnFirstUse} gives, or is no cache at all ({@link #getCache} returns null,
 * which Spring reports naming the cache) when that gives none. The caches named when the manager
 * is made are obtained, and created if need be, when it is initialized, so that a mistake in
 * their settings stops the application from starting.
 *
 * <p>It is safe for concurrent use. {@link #destroy()} stops its writer threads; the JCache
 * manager is not closed by it.
 */
public class PeanutSpringCacheManager implements CacheManager, InitializingBean, DisposableBean {

  private static final AtomicInteger MANAGERS = new AtomicInteger();

  private final javax.cache.CacheManager jcache;
  private final List<String> initialCacheNames;
  private final Function<String, Optional<Configuration<Object, Object>>> configurationOnFirstUse;
  private final Predicate<String> allowNullValues;
  /** Written under its own lock, with {@link #openActions}; read without. */
  private final Map<String, PeanutSpringCache> caches = new ConcurrentHashMap<>();
  private final List<Consumer<? super PeanutSpringCache>> openActions = new CopyOnWriteArrayList<>();
  private final ExecutorService writes;

  /**
   * A Spring cache manager over {@code jcache}.
   *
   * @param jcache a PeanutCache JCache manager
   * @param initialCacheNames the caches to obtain (or create) when the manager is initialized
   * @param configurationOnFirstUse the configuration of a cache the JCache manager does not know,
   *     by name; empty for a name that is no cache
   * @param allowNullValues whether a cache, by name, stores nulls
   * @throws NullPointerException if an argument is null
   */
  public PeanutSpringCacheManager(javax.cache.CacheManager jcache,
      Collection<String> initialCacheNames,
      Function<String, Optional<Configuration<Object, Object>>> configurationOnFirstUse,
      Predicate<String> allowNullValues) {
    this.jcache = Objects.requireNonNull(jcache, "jcache");
    this.initialCacheNames = List.copyOf(initialCacheNames);
    this.configurationOnFirstUse =
        Objects.requireNonNull(configurationOnFirstUse, "configurationOnFirstUse");
    this.allowNullValues = Objects.requireNonNull(allowNullValues, "allowNullValues");
    this.writes = Executors.newCachedThreadPool(
        new DaemonThreads("peanutcache-spring-" + MANAGERS.incrementAndGet() + "-writes"));
  }

  /**
   * Obtains every cache named when the manager was made.
   *
   * @throws javax.cache.CacheException if one cannot be obtained or created
   */
  @Override
  public void afterPropertiesSet() {
    for (String name : initialCacheNames) {
      if (getCache(name) == null) {
        throw new CacheException("cache " + name + " is named in the application's settings but"
            + " the PeanutCache manager neither knows nor creates it");
      }
    }
  }

  /**
   * The cache {@code name}, created on first use when the JCache manager does not know it and
   * {@code configurationOnFirstUse} gives it a configuration.
   *
   * @return the cache, or null when there is no cache of that name
   * @throws javax.cache.CacheException if the cache cannot be created (for instance, another node
   *     created it with a different configuration)
   */
  @Override
  public PeanutSpringCache getCache(String name) {
    PeanutSpringCache cache = caches.get(name);
    if (cache != null) {
      return cache;
    }
    synchronized (caches) {
      cache = caches.get(name);
      if (cache == null) {
        cache = open(name);
        if (cache != null) {
          caches.put(name, cache);
          for (Consumer<? super PeanutSpringCache> action : openActions) {
            action.accept(cache);
          }
        }
      }
      return cache;
    }
  }

  /**
   * Runs {@code action} on every cache this manager hands out: now on those obtained so far, and
   * on each later one when it is first obtained, before {@link #getCache} returns it. Cache
   * metrics use it to bind the caches made on first use.
   *
   * @param action what to do with each cache; it must not obtain caches from this manager
   * @throws NullPointerException if {@code action} is null
   */
  public void whenCacheOpens(Consumer<? super PeanutSpringCache> action) {
    Objects.requireNonNull(action, "action");
    synchronized (caches) {
      openActions.add(action);
      caches.values().forEach(action);
    }
  }

  private PeanutSpringCache open(String name) {
    javax.cache.Cache<Object, Object> cache = jcache.getCache(name);
    if (cache == null) {
      Optional<Configuration<Object, Object>> configuration = configurationOnFirstUse.apply(name);
      if (configuration.isEmpty()) {
        return null;
      }
      cache = jcache.createCache(name, configuration.get());
    }
    @SuppressWarnings("unchecked")
    PeanutCache<Object, Object> peanut = cache.unwrap(PeanutCache.class);
    return new PeanutSpringCache(peanut, allowNullValues.test(name), writes);
  }

  /**
   * The names of the caches obtained through this manager and of those its JCache manager holds.
   *
   * @return the names, which the caller may not change
   */
  @Override
  public Collection<String> getCacheNames() {
    Set<String> names = new LinkedHashSet<>(caches.keySet());
    jcache.getCacheNames().forEach(names::add);
    return Set.copyOf(names);
  }

  /**
   * The JCache manager under this one.
   *
   * @return the PeanutCache JCache manager
   */
  public javax.cache.CacheManager getCacheManager() {
    return jcache;
  }

  /** Stops the writer threads; values being stored are stored first. */
  @Override
  public void destroy() {
    writes.shutdown();
  }
}
