package io.peanutcache.jcache;

import io.peanutcache.NodeStatus;
import io.peanutcache.PeanutConfiguration;
import io.peanutcache.codec.AllowList;
import io.peanutcache.config.SettingsFile;
import io.peanutcache.engine.CacheEngine;
import io.peanutcache.event.EventDispatcher;
import io.peanutcache.host.CacheHost;
import io.peanutcache.host.CacheRuntime;
import io.peanutcache.management.CacheStatistics;
import io.peanutcache.settings.ManagerIdentity;
import io.peanutcache.settings.NodeSettings;
import io.peanutcache.store.TimeSource;
import io.peanutcache.threads.DaemonThreads;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.configuration.Configuration;
import javax.cache.spi.CachingProvider;

/**
 * A PeanutCache {@link CacheManager}: the caches of one URI and class loader.
 *
 * <p>A URI that names a settings file ({@code file:}, {@code classpath:}, or any URL ending in
 * {@code .properties}, such as a {@code jar:} entry; see {@link SettingsFile}) gives the caches it
 * declares, created on first {@link #getCache(String)}, and per-cache settings laid over the
 * configuration given to {@link #createCache}. Any other URI is only a name. The manager's
 * {@code Properties} may declare caches too, with the same {@code peanutcache.cache.*} keys: they
 * are laid over the file's, setting by setting (see {@link SettingsFile#withCacheSettings}).
 *
 * <p>When its node settings are clustered, the manager's store-by-value caches run on a
 * {@link CacheHost} (a node of the cluster) and belong to its {@linkplain #identity() identity},
 * not its URI: the same settings resource, or the same {@code peanutcache.manager}, gives the same
 * caches wherever the application is installed, and managers of one identity in this JVM share
 * them. {@link #getURI()}, the MXBean names and the provider keep the URI the manager was asked
 * for. Other caches live in this JVM alone, on an engine of their own.
 *
 * <p>The property {@value #TIME_SOURCE_PROPERTY}, if it holds a {@link TimeSource} object, sets
 * the clock of every cache (tests use it to move time by hand).
 */
public final class PeanutCacheManager implements CacheManager {

  private static final System.Logger LOG = System.getLogger(PeanutCacheManager.class.getName());

  /** The property whose value, a {@link TimeSource}, replaces the system clock. */
  public static final String TIME_SOURCE_PROPERTY = "peanutcache.time-source";

  private final CachingProvider provider;
  private final URI uri;
  private final String identity;
  private final ClassLoader classLoader;
  private final Properties properties;
  private final SettingsFile settings;
  private final TimeSource time;
  private final ExecutorService executor;
  private final Map<String, PeanutCache<?, ?>> caches = new ConcurrentHashMap<>();
  private final Runnable onClose;
  private final NodeSettings nodeSettings;
  /** Where the clustered caches run; null when the node settings are not clustered. */
  private final CacheHost host;
  private final Runnable stopHearingDestroys;
  private volatile boolean closed;

  /**
   * Creates a manager; the provider calls this.
   *
   * @param provider the provider that made it
   * @param uri its URI
   * @param classLoader its class loader
   * @param properties its properties
   * @param onClose told when the manager closes, so the provider forgets it
   * @param hosts opens the host of the manager's caches when its node settings are clustered
   * @throws io.peanutcache.InvalidSettingException if the URI names a settings file that is
   *     missing or holds a wrong setting, or if {@code properties} hold a wrong setting
   */
  public PeanutCacheManager(CachingProvider provider, URI uri, ClassLoader classLoader,
      Properties properties, Runnable onClose, CacheHost.Factory hosts) {
    this.provider = provider;
    this.uri = uri;
    this.classLoader = classLoader;
    this.properties = properties;
    this.onClose = onClose;
    this.settings = SettingsFile.load(uri, classLoader).withCacheSettings(properties, classLoader);
    this.identity = ManagerIdentity.of(uri, classLoader, properties, settings);
    this.time = properties.get(TIME_SOURCE_PROPERTY) instanceof TimeSource source ? source : TimeSource.SYSTEM;
    this.executor = Executors.newCachedThreadPool(new DaemonThreads("peanutcache-" + uri));
    this.nodeSettings = NodeSettings.resolve(properties, settings.nodeSettings(),
        settings.source().map(URI::toString).orElse(null));
    this.host = nodeSettings.isClustered() ? hosts.open(nodeSettings, identity, classLoader, time) : null;
    if (host != null && !identity.equals(uri.toString())) {
      LOG.log(System.Logger.Level.INFO, "the caches of CacheManager {0} are known in the cluster as"
          + " those of {1}", uri, identity);
    }
    this.stopHearingDestroys = host == null ? () -> { } : host.onDestroy(this::destroyedInCluster);
  }

  /** A cache of this manager's identity was destroyed on this node (from any node): close its handle. */
  private void destroyedInCluster(String cacheName) {
    PeanutCache<?, ?> cache = caches.get(cacheName);
    if (cache != null) {
      cache.close();
    }
  }

  /**
   * The manager's identity in the cluster: with a cache's name, the cache's identity. It is the
   * value of {@code peanutcache.manager} when the manager's properties or settings file set it,
   * {@code classpath:<name>} for a settings resource however it is reached, and otherwise the URI;
   * see {@link ManagerIdentity} for the rule.
   *
   * @return the identity, never null
   */
  public String identity() {
    return identity;
  }

  /**
   * Where this manager's clustered caches run, when its node settings are clustered.
   *
   * @return the host; empty for an embedded manager
   */
  public Optional<CacheHost> host() {
    return Optional.ofNullable(host);
  }

  /**
   * Allows more classes to arrive from other nodes as Java-serialized keys, values, entry
   * processors and exception causes of this manager's node, as {@code peanutcache.serialization.allow}
   * does: for a framework that stores its own classes in a manager it was handed rather than made.
   * The patterns add to the node's list for every manager on it. An embedded manager receives
   * nothing from the network, and ignores them.
   *
   * @param patterns patterns in the JDK's filter syntax ({@code com.example.**}, {@code
   *     org.acme.Money}, {@code !org.acme.Bad})
   * @throws IllegalArgumentException if a pattern is malformed, naming it; nothing is added then
   * @throws IllegalStateException if the manager is closed
   */
  public void allowSerialized(Collection<String> patterns) {
    checkOpen();
    List<String> checked = new ArrayList<>();
    for (String pattern : patterns) {
      checked.addAll(AllowList.parse(pattern));
    }
    if (host != null) {
      host.allowSerialized(checked);
    }
  }

  /**
   * What the node this manager's caches run on is doing now, when it is clustered: its view,
   * whether it is in it, whether etcd answers, and its counts.
   *
   * @return the node's status; empty for an embedded manager
   */
  public Optional<NodeStatus> nodeStatus() {
    return host == null ? Optional.empty() : Optional.of(host.status());
  }

  /**
   * The node settings this manager resolved; embedded when no peers are configured.
   *
   * @return the node settings
   */
  public NodeSettings nodeSettings() {
    return nodeSettings;
  }

  @Override
  public CachingProvider getCachingProvider() {
    return provider;
  }

  @Override
  public URI getURI() {
    return uri;
  }

  @Override
  public ClassLoader getClassLoader() {
    return classLoader;
  }

  @Override
  public Properties getProperties() {
    return properties;
  }

  @Override
  public <K, V, C extends Configuration<K, V>> Cache<K, V> createCache(String cacheName, C configuration) {
    checkOpen();
    Objects.requireNonNull(cacheName, "the cache name must not be null");
    Objects.requireNonNull(configuration, "the configuration must not be null");
    PeanutConfiguration<K, V> resolved = settings.applyTo(cacheName, complete(configuration));
    synchronized (caches) {
      if (caches.containsKey(cacheName)) {
        throw new CacheException("a cache named " + cacheName + " already exists in " + uri
            + "; use getCache to obtain it or destroyCache first");
      }
      PeanutCache<K, V> cache = build(cacheName, resolved);
      caches.put(cacheName, cache);
      return cache;
    }
  }

  private <K, V> PeanutCache<K, V> build(String cacheName, PeanutConfiguration<K, V> configuration) {
    validate(cacheName, configuration);
    CacheStatistics stats = new CacheStatistics();
    if (host != null && configuration.isStoreByValue()) {
      // defined on every node and routed to each key's owner
      return handle(cacheName, configuration, stats, host.define(cacheName, configuration, classLoader, stats));
    }
    if (host != null) {
      LOG.log(System.Logger.Level.INFO, "cache {0} of {1} is store-by-reference: it stays on node {2}"
          + " alone, since object identity cannot cross nodes", cacheName, uri, nodeSettings.nodeName());
    }
    EventDispatcher<K, V> events = new EventDispatcher<>(executor);
    CacheEngine<K, V> engine = CacheEngine.create(cacheName, configuration, classLoader, time,
        nodeSettings.loadTimeout(), events);
    return handle(cacheName, configuration, stats, CacheRuntime.embedded(engine, events));
  }

  /** A new handle on {@code runtime}, whose statistics {@code stats} are already counted there. */
  private <K, V> PeanutCache<K, V> handle(String cacheName, PeanutConfiguration<K, V> configuration,
      CacheStatistics stats, CacheRuntime<K, V> runtime) {
    try {
      return new PeanutCache<>(cacheName, this, configuration, stats, runtime, executor);
    } catch (RuntimeException e) {
      // a listener of the configuration could not be registered: the handle's statistics must not
      // count in the cluster's, nor an engine of its own outlive it
      runtime.operations().close();
      throw e;
    }
  }

  private static void validate(String cacheName, PeanutConfiguration<?, ?> configuration) {
    if (configuration.getMaximumBytes().isPresent() && !configuration.isStoreByValue()) {
      throw new IllegalArgumentException("cache " + cacheName + " sets maximumBytes="
          + configuration.getMaximumBytes().getAsLong() + " with store-by-reference; allowed: a byte "
          + "bound with store-by-value, or maximumEntries with store-by-reference");
    }
  }

  @SuppressWarnings("unchecked")
  private static <K, V> CompleteConfiguration<K, V> complete(Configuration<K, V> configuration) {
    if (configuration instanceof CompleteConfiguration<K, V> complete) {
      return complete;
    }
    PeanutConfiguration<K, V> copy = new PeanutConfiguration<>();
    copy.setTypes(configuration.getKeyType(), configuration.getValueType());
    copy.setStoreByValue(configuration.isStoreByValue());
    return copy;
  }

  @Override
  @SuppressWarnings("unchecked")
  public <K, V> Cache<K, V> getCache(String cacheName, Class<K> keyType, Class<V> valueType) {
    checkOpen();
    Objects.requireNonNull(keyType, "the key type must not be null");
    Objects.requireNonNull(valueType, "the value type must not be null");
    PeanutCache<?, ?> cache = lookup(cacheName);
    if (cache == null) {
      return null;
    }
    CompleteConfiguration<?, ?> configuration = cache.getConfiguration(CompleteConfiguration.class);
    if (configuration.getKeyType() != keyType || configuration.getValueType() != valueType) {
      throw new ClassCastException("cache " + cacheName + " holds " + configuration.getKeyType().getName()
          + " -> " + configuration.getValueType().getName() + "; asked for " + keyType.getName()
          + " -> " + valueType.getName());
    }
    return (Cache<K, V>) cache;
  }

  @Override
  @SuppressWarnings("unchecked")
  public <K, V> Cache<K, V> getCache(String cacheName) {
    checkOpen();
    return (Cache<K, V>) lookup(cacheName);
  }

  /** The cache of that name, creating it from the settings file when it is declared there. */
  private PeanutCache<?, ?> lookup(String cacheName) {
    Objects.requireNonNull(cacheName, "the cache name must not be null");
    PeanutCache<?, ?> cache = caches.get(cacheName);
    if (cache != null) {
      return cache;
    }
    Optional<PeanutConfiguration<Object, Object>> declared = settings.cacheConfiguration(cacheName);
    if (declared.isEmpty() && host != null) {
      // a cache created elsewhere while this node was down or starting is known there
      Optional<PeanutConfiguration<Object, Object>> found = host.find(cacheName);
      if (found.isPresent()) {
        synchronized (caches) {
          return caches.computeIfAbsent(cacheName, name -> {
            CacheStatistics stats = new CacheStatistics();
            CacheRuntime<Object, Object> runtime = host.open(name, stats);
            // null: destroyed since it was found
            return runtime == null ? null : handle(name, new PeanutConfiguration<>(found.get()), stats, runtime);
          });
        }
      }
    }
    if (declared.isEmpty()) {
      return null;
    }
    synchronized (caches) {
      return caches.computeIfAbsent(cacheName, name -> build(name, declared.get()));
    }
  }

  @Override
  public Iterable<String> getCacheNames() {
    checkOpen();
    return Collections.unmodifiableSet(new LinkedHashSet<>(caches.keySet()));
  }

  @Override
  public void destroyCache(String cacheName) {
    checkOpen();
    Objects.requireNonNull(cacheName, "the cache name must not be null");
    PeanutCache<?, ?> handle = caches.get(cacheName);
    if (handle != null) {
      // a load this handle started must not reach the cache once it is gone, or a new one
      handle.awaitPendingLoads();
    }
    if (host != null && host.isHosted(cacheName)) {
      host.destroy(cacheName);
    }
    PeanutCache<?, ?> cache = caches.get(cacheName);
    if (cache != null) {
      cache.clear();
      cache.close();
    }
  }

  @Override
  public void enableManagement(String cacheName, boolean enabled) {
    checkOpen();
    Objects.requireNonNull(cacheName, "the cache name must not be null");
    PeanutCache<?, ?> cache = caches.get(cacheName);
    if (cache != null) {
      cache.setManagementEnabled(enabled);
    }
  }

  @Override
  public void enableStatistics(String cacheName, boolean enabled) {
    checkOpen();
    Objects.requireNonNull(cacheName, "the cache name must not be null");
    PeanutCache<?, ?> cache = caches.get(cacheName);
    if (cache != null) {
      cache.setStatisticsEnabled(enabled);
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    onClose.run();
    for (PeanutCache<?, ?> cache : caches.values()) {
      cache.close();
    }
    caches.clear();
    executor.shutdown();
    stopHearingDestroys.run();
    if (host != null) {
      host.release();
    }
  }

  @Override
  public boolean isClosed() {
    return closed;
  }

  @Override
  public <T> T unwrap(Class<T> type) {
    if (type.isInstance(this)) {
      return type.cast(this);
    }
    throw new IllegalArgumentException("the cache manager cannot be unwrapped to " + type.getName()
        + "; allowed: " + PeanutCacheManager.class.getName() + " or a type it implements");
  }

  /** Forgets a cache that was closed. */
  void release(PeanutCache<?, ?> cache) {
    caches.remove(cache.getName(), cache);
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("the cache manager " + uri + " is closed");
    }
  }

  @Override
  public String toString() {
    return "PeanutCacheManager{" + uri + "}";
  }
}
