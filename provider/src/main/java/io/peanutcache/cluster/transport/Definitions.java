package io.peanutcache.cluster.transport;

import com.google.protobuf.ByteString;
import io.peanutcache.PeanutConfiguration;
import io.peanutcache.codec.ValueCodec;
import io.peanutcache.cluster.hosting.CacheId;
import io.peanutcache.cluster.hosting.HostedCache;
import io.peanutcache.cluster.transport.proto.CacheDefinition;

/** Cache definitions on the wire: the identity and the Java-serialized configuration. */
public final class Definitions {

  private Definitions() {}

  /** The wire form of a hosted cache's definition. */
  static CacheDefinition of(HostedCache cache) {
    return of(cache.id(), cache.configuration(), cache.codec());
  }

  /**
   * The wire form of a definition.
   *
   * @param id the cache's identity
   * @param configuration its configuration
   * @param codec encodes it
   * @return the definition
   */
  public static CacheDefinition of(CacheId id, PeanutConfiguration<?, ?> configuration, ValueCodec codec) {
    return CacheDefinition.newBuilder()
        .setCacheUri(id.manager())
        .setCacheName(id.name())
        .setConfiguration(ByteString.copyFrom(codec.encode(configuration)))
        .setDescription(configuration.toString())
        .build();
  }

  /**
   * The configuration a definition carries.
   *
   * @param definition the definition
   * @param classLoader loads the configuration's classes
   * @return the configuration
   * @throws io.peanutcache.CodecException if it cannot be decoded
   */
  @SuppressWarnings("unchecked")
  public static PeanutConfiguration<Object, Object> configuration(CacheDefinition definition,
      ClassLoader classLoader) {
    Object decoded = new ValueCodec(classLoader).decode(definition.getConfiguration().toByteArray());
    if (!(decoded instanceof PeanutConfiguration<?, ?> configuration)) {
      throw new io.peanutcache.CodecException("the definition of cache " + definition.getCacheName()
          + " holds a " + decoded.getClass().getName() + ", not a PeanutConfiguration");
    }
    return (PeanutConfiguration<Object, Object>) configuration;
  }
}
