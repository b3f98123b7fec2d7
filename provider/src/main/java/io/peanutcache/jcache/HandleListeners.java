package io.peanutcache.jcache;

import io.peanutcache.PeanutConfiguration;
import io.peanutcache.engine.CacheOperations;
import javax.cache.configuration.CacheEntryListenerConfiguration;

/**
 * The entry listeners of one cache handle: those its configuration names, registered when the
 * handle opens and deregistered one by one when it closes (a clustered cache's engine outlives the
 * handle), and those registered while it is open, which its configuration keeps.
 *
 * @param <K> the type of keys
 * @param <V> the type of values
 */
final class HandleListeners<K, V> {

  private final PeanutConfiguration<K, V> configuration;
  private final CacheOperations<K, V> operations;

  HandleListeners(PeanutConfiguration<K, V> configuration, CacheOperations<K, V> operations) {
    this.configuration = configuration;
    this.operations = operations;
  }

  /** Registers the listeners the configuration names. */
  void registerConfigured() {
    for (CacheEntryListenerConfiguration<K, V> listener : configuration.getCacheEntryListenerConfigurations()) {
      operations.registerListener(listener);
    }
  }

  /** Registers a listener and adds it to the configuration. */
  void register(CacheEntryListenerConfiguration<K, V> listener) {
    operations.registerListener(listener);
    configuration.addCacheEntryListenerConfiguration(listener);
  }

  /** Deregisters a listener and, if it was registered, takes it out of the configuration. */
  void deregister(CacheEntryListenerConfiguration<K, V> listener) {
    if (operations.deregisterListener(listener)) {
      configuration.removeCacheEntryListenerConfiguration(listener);
    }
  }

  /** Deregisters every listener of the configuration: the handle closes. */
  void deregisterAll() {
    for (CacheEntryListenerConfiguration<K, V> listener : configuration.getCacheEntryListenerConfigurations()) {
      operations.deregisterListener(listener);
    }
  }
}
