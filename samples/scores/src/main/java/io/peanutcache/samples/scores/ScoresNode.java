package io.peanutcache.samples.scores;

import io.peanutcache.jcache.PeanutCache;
import io.peanutcache.jcache.PeanutCacheManager;
import io.peanutcache.samples.scores.database.NodeClassLoader;
import io.peanutcache.samples.scores.database.ScoreLoaderFactory;
import io.peanutcache.spi.PeanutCachingProvider;
import java.net.BindException;
import java.net.URI;
import java.util.List;
import java.util.Properties;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.spi.CachingProvider;

/**
 * One PeanutCache node of the demo and its {@code scores} cache.
 *
 * <p>A node is a CacheManager made with node settings: {@code peanutcache.bind} (the address it
 * listens on for its peers, over gRPC) and how it finds them (see {@link Discovery}): either
 * {@code peanutcache.peers}, every node's address, this one included, the same list on every
 * node; or {@code peanutcache.etcd.endpoints} and {@code peanutcache.cluster}, where it registers
 * as {@code peanutcache.node.name} and watches the others register. With {@code peanutcache.tls.*}
 * it talks mutual TLS with its peers (see {@link Transport}). Each key of the cache has one
 * owner among the members; every operation on the key runs there, and a read-through miss is
 * loaded there, once.
 *
 * <p>Several nodes can run in one JVM: each gets its own {@link PeanutCachingProvider} and its own
 * {@link NodeClassLoader}, with the same CacheManager URI, so that their caches are one cache.
 * Starting a node is done in two steps, {@link #listen} and then {@link #createCache}, so that a
 * cluster in one JVM can have every node listening before the cache is defined: the cache created
 * on the first node is then defined on every node at once.
 */
public final class ScoresNode implements AutoCloseable {

  /** The URI of every node's CacheManager: the caches of equal URIs are the same cluster cache. */
  static final URI CACHE_MANAGER_URI = URI.create("urn:peanutcache:scores");

  private final CachingProvider provider;
  private final CacheManager cacheManager;
  private final PeanutCache<String, String> cache;

  private ScoresNode(CachingProvider provider, CacheManager cacheManager,
      PeanutCache<String, String> cache) {
    this.provider = provider;
    this.cacheManager = cacheManager;
    this.cache = cache;
  }

  /**
   * Starts the node {@code self} listening for its peers, without caches yet; with etcd, it is
   * registered and has read the members when this returns.
   *
   * @param self this node's name and address
   * @param discovery how the nodes find each other
   * @param transport how the nodes talk to each other
   * @return the node's CacheManager
   * @throws PortInUseException if the address's port is taken
   * @throws CacheException if the node cannot start for another reason, for example etcd cannot be
   *     reached or a live node of the cluster has this node's name, or a setting is wrong (such as
   *     a certificate that is not PEM)
   */
  static CacheManager listen(Member self, Discovery discovery, Transport transport) {
    Properties properties = discovery.nodeSettings(self);
    transport.addNodeSettings(properties);
    ClassLoader classLoader = new NodeClassLoader(self.name(), ScoresNode.class.getClassLoader());
    CachingProvider provider = new PeanutCachingProvider();
    try {
      return provider.getCacheManager(CACHE_MANAGER_URI, classLoader, properties);
    } catch (CacheException e) {
      provider.close();
      if (causedByBind(e)) {
        throw new PortInUseException(PortInUseException.Kind.NODE, self.address(), e);
      }
      throw e;
    }
  }

  /**
   * The names of the members a node sees now, itself included: every peer of a static list, or
   * the nodes registered in etcd, as its last read or watch of etcd told it.
   *
   * @param cacheManager the node's CacheManager, from {@link #listen}
   * @return the names, sorted
   */
  static List<String> members(CacheManager cacheManager) {
    return cacheManager.unwrap(PeanutCacheManager.class).nodeStatus().orElseThrow().members().keySet().stream()
        .sorted().toList();
  }

  /**
   * Creates the {@code scores} cache on a listening node, or joins it if a peer created it: on
   * every node the configuration is equal, so the cache is one cache across the cluster.
   *
   * @param cacheManager the node's CacheManager, from {@link #listen}
   * @param loaderFactory makes the node's loader of missing scores
   * @return the node; closing it closes the CacheManager
   * @throws CacheException if the cache exists in the cluster with another configuration (for
   *     example nodes started with different {@code --delay-ms})
   */
  static ScoresNode createCache(CacheManager cacheManager, ScoreLoaderFactory loaderFactory) {
    CachingProvider provider = cacheManager.getCachingProvider();
    try {
      Cache<String, String> cache = cacheManager.createCache(ScoresCacheConfiguration.CACHE_NAME,
          ScoresCacheConfiguration.readingThrough(loaderFactory));
      @SuppressWarnings("unchecked")
      PeanutCache<String, String> peanutCache = cache.unwrap(PeanutCache.class);
      return new ScoresNode(provider, cacheManager, peanutCache);
    } catch (RuntimeException e) {
      provider.close();
      throw e;
    }
  }

  /**
   * This node's name, as {@link PeanutCache#ownerOf} names owners: its {@code host:port} with a
   * static peer list, {@code node-I} with etcd.
   *
   * @return the name
   */
  public String name() {
    return cacheManager.unwrap(PeanutCacheManager.class).nodeSettings().nodeName();
  }

  /**
   * The names of the members this node sees now, itself included.
   *
   * @return the names, sorted
   */
  public List<String> members() {
    return members(cacheManager);
  }

  /**
   * The {@code scores} cache as this node sees it, as PeanutCache's type: {@code ownerOf},
   * {@code isLocal}, this node's load counters and this handle's statistics.
   *
   * @return the cache
   */
  public PeanutCache<String, String> cache() {
    return cache;
  }

  /**
   * The cache's counters on this node, in one line: this handle's JSR-107 statistics and the loads
   * this node ran as an owner.
   *
   * @return for example
   *     {@code node 127.0.0.1:7001: 3 gets, 1 hits, 2 misses; 1 loads, 0 loads deduped}
   */
  public String counters() {
    var statistics = cache.statistics();
    var engine = cache.engine();
    return "node " + name() + ": " + statistics.getCacheGets() + " gets, "
        + statistics.getCacheHits() + " hits, " + statistics.getCacheMisses() + " misses; "
        + engine.loads() + " loads, " + engine.loadsDeduped() + " loads deduped";
  }

  /** Closes the CacheManager, which stops the node. Closing twice does nothing more. */
  @Override
  public void close() {
    provider.close();
  }

  /**
   * Whether the node could not listen because its port is taken: a {@link BindException} with
   * Java's sockets, an exception saying "Address already in use" with Netty's native transport.
   */
  private static boolean causedByBind(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof BindException
          || String.valueOf(cause.getMessage()).contains("Address already in use")) {
        return true;
      }
    }
    return false;
  }
}
