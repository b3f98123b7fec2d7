package io.peanutcache.benchmarks;

import io.peanutcache.jcache.PeanutCache;
import io.peanutcache.jcache.PeanutCacheManager;
import io.peanutcache.spi.PeanutCachingProvider;
import io.peanutcache.testing.FreePorts;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.Configuration;

/**
 * Three PeanutCache nodes in this JVM, each listening on its own loopback port with the same
 * static peer list.
 *
 * <p>Every node has its own {@link PeanutCachingProvider} (a provider keeps one CacheManager per
 * URI and class loader) and a CacheManager of the same URI, so their caches of one name are the
 * same cache. Node 1 creates the cache, which defines it on all three; nodes 2 and 3 open it with
 * {@code getCache}. A key's owner is the node its partition maps to; a get through node 1 of a key
 * that node 2 or 3 owns is one gRPC call to that owner, in plaintext or, made with
 * {@link #overTls}, over mutual TLS.
 */
final class PeanutCacheCluster implements ThreeNodeCluster {

  /** The URI of every node's CacheManager. */
  static final URI URI = java.net.URI.create("urn:peanutcache:bench");

  /**
   * PeanutCache and gRPC log through java.util.logging; their INFO lines (a node listening, a
   * node stopped) would land between JMH's iteration lines. Held here so the levels stick.
   */
  private static final List<Logger> QUIET = List.of(
      Logger.getLogger("io.peanutcache"), Logger.getLogger("io.grpc"));

  private final List<String> addresses;
  private final List<CacheManager> managers = new ArrayList<>();
  private final List<Cache<String, byte[]>> caches = new ArrayList<>();
  private final PeanutCache<String, byte[]> caller;
  /** The certificates of a cluster over TLS, deleted when it stops; null in plaintext. */
  private final BenchCertificates certificates;

  /**
   * Starts three nodes on free loopback ports that talk plaintext, and creates the cache on them.
   *
   * @param cacheName the cache's name
   * @param configuration the cache's configuration, given to node 1's {@code createCache}
   */
  PeanutCacheCluster(String cacheName, Configuration<String, byte[]> configuration) {
    this(cacheName, configuration, null);
  }

  /**
   * Starts three nodes on free loopback ports that talk mutual TLS, with certificates made for
   * them, and creates the cache on them.
   *
   * @param cacheName the cache's name
   * @param configuration the cache's configuration, given to node 1's {@code createCache}
   * @return the cluster
   */
  static PeanutCacheCluster overTls(String cacheName, Configuration<String, byte[]> configuration) {
    BenchCertificates certificates = BenchCertificates.make();
    try {
      return new PeanutCacheCluster(cacheName, configuration, certificates);
    } catch (RuntimeException e) {
      certificates.close();
      throw e;
    }
  }

  @SuppressWarnings("unchecked") // unwrap takes a raw class literal
  private PeanutCacheCluster(String cacheName, Configuration<String, byte[]> configuration,
      BenchCertificates certificates) {
    this.certificates = certificates;
    QUIET.forEach(logger -> logger.setLevel(Level.WARNING));
    addresses = FreePorts.loopbackAddresses(SIZE);
    String peers = String.join(",", addresses);
    try {
      for (String address : addresses) {
        Properties properties = new Properties();
        properties.setProperty("peanutcache.bind", address);
        properties.setProperty("peanutcache.peers", peers);
        if (certificates != null) {
          properties.putAll(certificates.nodeSettings());
        }
        managers.add(new PeanutCachingProvider()
            .getCacheManager(URI, PeanutCacheCluster.class.getClassLoader(), properties));
      }
      caches.add(managers.get(0).createCache(cacheName, configuration));
      for (int i = 1; i < SIZE; i++) {
        Cache<String, byte[]> cache = managers.get(i).getCache(cacheName, String.class, byte[].class);
        if (cache == null) {
          throw new IllegalStateException("node " + addresses.get(i) + " does not know cache "
              + cacheName + " that node " + addresses.get(0) + " created");
        }
        caches.add(cache);
      }
      caller = caches.get(0).unwrap(PeanutCache.class);
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  @Override
  public Cache<String, byte[]> callerCache() {
    return caches.get(0);
  }

  @Override
  public Cache<String, byte[]> cache(int index) {
    return caches.get(index);
  }

  @Override
  public List<String> nodeNames() {
    return addresses;
  }

  @Override
  public String ownerOf(String key) {
    return caller.ownerOf(key);
  }

  @Override
  public boolean callerOwns(String key) {
    return caller.isLocal(key);
  }

  /** Whether every node runs with TLS settings, as the nodes' own settings say. */
  @Override
  public boolean tls() {
    return !managers.isEmpty() && managers.stream().allMatch(manager ->
        manager.unwrap(PeanutCacheManager.class).nodeSettings().tls().isPresent());
  }

  /**
   * Closes the three CacheManagers (the last one a node has stops that node), then deletes the
   * certificates, if any.
   */
  @Override
  public void close() {
    RuntimeException failure = null;
    for (CacheManager manager : managers) {
      try {
        manager.close();
      } catch (RuntimeException e) {
        failure = failure == null ? e : failure;
      }
    }
    if (certificates != null) {
      certificates.close();
    }
    if (failure != null) {
      throw failure;
    }
  }
}
