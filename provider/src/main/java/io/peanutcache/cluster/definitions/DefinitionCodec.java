package io.peanutcache.cluster.definitions;

import io.peanutcache.CodecException;
import io.peanutcache.PeanutConfiguration;
import io.peanutcache.cluster.hosting.CacheId;
import io.peanutcache.cluster.hosting.HostedCache;
import io.peanutcache.cluster.peers.CacheDefinition;
import io.peanutcache.codec.AllowList;
import io.peanutcache.codec.ValueCodec;

/** A cache's definition from its configuration, and back: the configuration Java-serialized. */
final class DefinitionCodec {

  private DefinitionCodec() {}

  /** The definition of a hosted cache. */
  static CacheDefinition of(HostedCache cache) {
    return of(cache.id(), cache.configuration(), cache.codec());
  }

  /**
   * The definition of a cache.
   *
   * @param id the cache's identity
   * @param configuration its configuration
   * @param codec encodes it
   * @return the definition
   */
  static CacheDefinition of(CacheId id, PeanutConfiguration<?, ?> configuration, ValueCodec codec) {
    return new CacheDefinition(id, codec.encode(configuration), configuration.toString());
  }

  /**
   * The configuration a definition from another node or from etcd carries, checked: decoded under
   * the node's allow-list, and with factories that may only make classes of the expected
   * interfaces that the list allows.
   *
   * @param definition the definition
   * @param classLoader loads the configuration's classes
   * @param allowList the node's allow-list
   * @return the configuration
   * @throws CodecException if it cannot be decoded, or is refused; the message says why
   */
  @SuppressWarnings("unchecked")
  static PeanutConfiguration<Object, Object> configuration(CacheDefinition definition, ClassLoader classLoader,
      AllowList allowList) {
    Object decoded;
    try {
      decoded = new ValueCodec(classLoader, allowList.filter()).decode(definition.configuration());
    } catch (CodecException e) {
      throw new CodecException("the definition of cache " + definition.id().name() + " is refused: "
          + e.getMessage(), e);
    }
    if (!(decoded instanceof PeanutConfiguration<?, ?> configuration)) {
      throw new CodecException("the definition of cache " + definition.id().name()
          + " holds a " + decoded.getClass().getName() + ", not a PeanutConfiguration");
    }
    DefinitionFactories.check(definition.id().name(), configuration, allowList, classLoader);
    return (PeanutConfiguration<Object, Object>) configuration;
  }
}
