package io.peanutcache.cluster.hosting;

import io.peanutcache.PeanutConfiguration;
import io.peanutcache.codec.AllowList;
import io.peanutcache.codec.ValueCodec;
import io.peanutcache.engine.CacheEngine;
import io.peanutcache.event.EventDispatcher;
import io.peanutcache.settings.NodeSettings;
import io.peanutcache.store.TimeSource;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * The caches this node hosts, by identity. A cache is hosted once it is defined here, by a
 * CacheManager of this node or by a peer; its engine holds the entries this node owns.
 *
 * <p>Defining a cache that is already hosted with an equal configuration joins it (every instance
 * of an application creates its caches at start-up); a different configuration is a conflict.
 * Configurations are equal when {@code equals} says so or when they serialize to the same bytes
 * (factories deserialized on another node are rarely {@code equals} to the originals).
 */
public final class HostedCaches {

  /** What defining a cache did. */
  public enum Outcome {
    /** The cache was not hosted here and now is. */
    CREATED,
    /** The cache was hosted here with an equal configuration. */
    JOINED,
    /** The cache is hosted here with another configuration. */
    CONFLICT
  }

  /**
   * The result of a definition.
   *
   * @param outcome what happened
   * @param cache the hosted cache (the existing one on a conflict)
   */
  public record Definition(Outcome outcome, HostedCache cache) {}

  private final ConcurrentHashMap<CacheId, HostedCache> caches = new ConcurrentHashMap<>();
  private final TimeSource time;
  private final java.time.Duration loadTimeout;
  private final Executor executor;
  private final AllowList allowList;
  private final int maxWaitingEvents;
  private final String nodeName;
  private final List<Consumer<CacheId>> destroyListeners = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final List<Consumer<HostedCache>> defineListeners = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final java.util.concurrent.atomic.LongAdder ownerOperations = new java.util.concurrent.atomic.LongAdder();
  private final Runnable beforeOwnerOperations;

  /**
   * A node's empty set of caches.
   *
   * @param time the clock of the caches' stores
   * @param loadTimeout how long a caller waits for a load another caller leads
   * @param executor runs listener deliveries
   * @param allowList the classes serialized keys, values and processors from peers may create, to
   *     which each cache adds its declared types
   */
  public HostedCaches(TimeSource time, java.time.Duration loadTimeout, Executor executor,
      AllowList allowList) {
    this(time, loadTimeout, executor, allowList, Integer.MAX_VALUE, "this node", () -> {});
  }

  /**
   * A node's empty set of caches, whose events wait for their delivery in bounded numbers.
   *
   * @param time the clock of the caches' stores
   * @param loadTimeout how long a caller waits for a load another caller leads
   * @param executor runs listener deliveries; may refuse them
   * @param allowList the classes serialized keys, values and processors from peers may create, to
   *     which each cache adds its declared types
   * @param maxWaitingEvents the most events of one cache waiting for their delivery
   * @param nodeName the node's name, for messages
   * @param beforeOwnerOperations runs before every key operation this node runs as the keys'
   *     owner (see {@link #startOwnerOperations})
   */
  public HostedCaches(TimeSource time, java.time.Duration loadTimeout, Executor executor, AllowList allowList,
      int maxWaitingEvents, String nodeName, Runnable beforeOwnerOperations) {
    this.beforeOwnerOperations = beforeOwnerOperations;
    this.time = time;
    this.loadTimeout = loadTimeout;
    this.executor = executor;
    this.allowList = allowList;
    this.maxWaitingEvents = maxWaitingEvents;
    this.nodeName = nodeName;
  }

  /**
   * Hosts a cache, or joins it if it is hosted with an equal configuration.
   *
   * @param id the cache's identity
   * @param configuration its configuration
   * @param classLoader loads the classes of its values and factories
   * @return what happened, with the hosted cache
   */
  public synchronized Definition define(CacheId id, PeanutConfiguration<Object, Object> configuration,
      ClassLoader classLoader) {
    HostedCache existing = caches.get(id);
    if (existing != null) {
      return new Definition(sameConfiguration(existing, configuration) ? Outcome.JOINED : Outcome.CONFLICT,
          existing);
    }
    ValueCodec codec = new ValueCodec(classLoader,
        allowList.filter(configuration.getKeyType(), configuration.getValueType()));
    EventDispatcher<Object, Object> events = new EventDispatcher<>(executor, maxWaitingEvents,
        "the events of cache " + id + " on node " + nodeName + " (" + NodeSettings.EVENT_QUEUE_PROPERTY + ")");
    CacheEngine<Object, Object> engine = CacheEngine.create(id.name(), configuration, classLoader, time,
        loadTimeout, events);
    HostedCache cache = new HostedCache(id, configuration, engine, events, codec,
        new java.util.concurrent.CopyOnWriteArrayList<>());
    defineListeners.forEach(listener -> listener.accept(cache));
    caches.put(id, cache);
    return new Definition(Outcome.CREATED, cache);
  }

  /**
   * Whether a configuration is the one a cache is hosted with: equal, or serialized to the same
   * bytes.
   *
   * @param existing the hosted cache
   * @param other the configuration; null (one that could not be read) is never the same
   * @return true if they are the same
   */
  public static boolean sameConfiguration(HostedCache existing, PeanutConfiguration<Object, Object> other) {
    if (other == null) {
      return false;
    }
    if (existing.configuration().equals(other)) {
      return true;
    }
    try {
      return Arrays.equals(existing.codec().encode(existing.configuration()), existing.codec().encode(other));
    } catch (RuntimeException unencodable) {
      return false;
    }
  }

  /**
   * The hosted cache of that identity.
   *
   * @param id the identity
   * @return the cache, or null if it is not hosted here
   */
  public HostedCache get(CacheId id) {
    return caches.get(id);
  }

  /**
   * Stops hosting a cache: closes its engine and tells the destroy listeners.
   *
   * @param id the identity
   * @return whether the cache was hosted
   */
  public boolean destroy(CacheId id) {
    HostedCache cache;
    synchronized (this) {
      cache = caches.remove(id);
    }
    if (cache == null) {
      return false;
    }
    destroyListeners.forEach(listener -> listener.accept(id));
    cache.engine().close();
    return true;
  }

  /**
   * Asks to be told of every cache defined here, before any operation can reach it.
   *
   * @param listener called with the new hosted cache
   */
  public void onDefine(Consumer<HostedCache> listener) {
    defineListeners.add(listener);
  }

  /**
   * Asks to be told of every cache destroyed here, before its engine closes.
   *
   * @param listener called with the destroyed cache's identity
   * @return stops telling the listener
   */
  public Runnable onDestroy(Consumer<CacheId> listener) {
    destroyListeners.add(listener);
    return () -> destroyListeners.remove(listener);
  }

  /**
   * Every hosted cache.
   *
   * @return a snapshot of the hosted caches
   */
  public Collection<HostedCache> all() {
    return List.copyOf(caches.values());
  }

  /** Closes every hosted cache's engine. */
  public void close() {
    for (HostedCache cache : all()) {
      caches.remove(cache.id());
      cache.engine().close();
    }
  }

  /**
   * Starts key operations this node runs as the keys' owner, for its own handles or for peers:
   * runs the node's check before them (a node that was paused drops what it held first) and
   * counts them.
   *
   * @param keys how many keys the operation covers
   */
  public void startOwnerOperations(int keys) {
    beforeOwnerOperations.run();
    ownerOperations.add(keys);
  }

  /**
   * How many key operations this node has run as the keys' owner since it started: the share of
   * the cluster's work its partitions brought it.
   *
   * @return the count
   */
  public long ownerOperations() {
    return ownerOperations.sum();
  }
}
