package io.peanutcache.spi;

import io.peanutcache.cluster.NodeCacheHost;
import io.peanutcache.jcache.PeanutCacheManager;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.WeakHashMap;
import javax.cache.CacheManager;
import javax.cache.configuration.OptionalFeature;
import javax.cache.spi.CachingProvider;

/**
 * The PeanutCache {@link CachingProvider}, found by {@code Caching.getCachingProvider()}.
 *
 * <p>It keeps one open {@link CacheManager} per class loader and URI: asking again for the same
 * pair returns the same manager until it is closed. Store-by-reference is supported.
 *
 * <p>Managers are kept by the URI they were asked for; in the cluster their caches belong to the
 * manager's identity ({@link io.peanutcache.settings.ManagerIdentity}), which managers of different URIs
 * may share. A manager whose node settings are clustered runs those caches on a node of this JVM
 * ({@link NodeCacheHost}).
 */
public final class PeanutCachingProvider implements CachingProvider {

  /** The URI of the default CacheManager: a name only, naming no settings file. */
  public static final URI DEFAULT_URI = URI.create("urn:peanutcache:default");

  /** Open managers by class loader and URI; guarded by {@code this}. */
  private final Map<ClassLoader, Map<URI, PeanutCacheManager>> managers = new WeakHashMap<>();

  @Override
  public synchronized CacheManager getCacheManager(URI uri, ClassLoader classLoader, Properties properties) {
    URI managerUri = uri == null ? getDefaultURI() : uri;
    ClassLoader loader = classLoader == null ? getDefaultClassLoader() : classLoader;
    Properties managerProperties = properties == null ? new Properties() : properties;
    Map<URI, PeanutCacheManager> byUri = managers.computeIfAbsent(loader, key -> new HashMap<>());
    PeanutCacheManager manager = byUri.get(managerUri);
    if (manager == null || manager.isClosed()) {
      manager = new PeanutCacheManager(this, managerUri, loader, managerProperties,
          () -> forget(loader, managerUri), NodeCacheHost::open);
      byUri.put(managerUri, manager);
    }
    return manager;
  }

  private synchronized void forget(ClassLoader loader, URI uri) {
    Map<URI, PeanutCacheManager> byUri = managers.get(loader);
    if (byUri != null) {
      PeanutCacheManager manager = byUri.get(uri);
      if (manager != null && manager.isClosed()) {
        byUri.remove(uri);
      }
      if (byUri.isEmpty()) {
        managers.remove(loader);
      }
    }
  }

  @Override
  public ClassLoader getDefaultClassLoader() {
    return getClass().getClassLoader();
  }

  @Override
  public URI getDefaultURI() {
    return DEFAULT_URI;
  }

  @Override
  public Properties getDefaultProperties() {
    return new Properties();
  }

  @Override
  public CacheManager getCacheManager(URI uri, ClassLoader classLoader) {
    return getCacheManager(uri, classLoader, getDefaultProperties());
  }

  @Override
  public CacheManager getCacheManager() {
    return getCacheManager(getDefaultURI(), getDefaultClassLoader(), getDefaultProperties());
  }

  @Override
  public void close() {
    for (PeanutCacheManager manager : snapshot(null, null)) {
      manager.close();
    }
  }

  @Override
  public void close(ClassLoader classLoader) {
    ClassLoader loader = classLoader == null ? getDefaultClassLoader() : classLoader;
    for (PeanutCacheManager manager : snapshot(loader, null)) {
      manager.close();
    }
  }

  @Override
  public void close(URI uri, ClassLoader classLoader) {
    ClassLoader loader = classLoader == null ? getDefaultClassLoader() : classLoader;
    URI managerUri = uri == null ? getDefaultURI() : uri;
    for (PeanutCacheManager manager : snapshot(loader, managerUri)) {
      manager.close();
    }
  }

  /** The open managers of a class loader (all if null) and URI (all if null). */
  private synchronized java.util.List<PeanutCacheManager> snapshot(ClassLoader loader, URI uri) {
    java.util.List<PeanutCacheManager> found = new java.util.ArrayList<>();
    for (Map.Entry<ClassLoader, Map<URI, PeanutCacheManager>> byLoader : managers.entrySet()) {
      if (loader != null && byLoader.getKey() != loader) {
        continue;
      }
      for (Map.Entry<URI, PeanutCacheManager> byUri : byLoader.getValue().entrySet()) {
        if (uri == null || byUri.getKey().equals(uri)) {
          found.add(byUri.getValue());
        }
      }
    }
    return found;
  }

  @Override
  public boolean isSupported(OptionalFeature optionalFeature) {
    return optionalFeature == OptionalFeature.STORE_BY_REFERENCE;
  }

  @Override
  public String toString() {
    return "PeanutCachingProvider";
  }
}
