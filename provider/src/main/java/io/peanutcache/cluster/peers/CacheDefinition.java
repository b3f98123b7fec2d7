package io.peanutcache.cluster.peers;

import io.peanutcache.cluster.hosting.CacheId;

/**
 * A cache's definition as nodes and the etcd catalog exchange it: its identity and its
 * configuration, encoded.
 *
 * @param id the cache's identity
 * @param configuration the cache's {@link io.peanutcache.PeanutConfiguration}, encoded by the
 *     cache's value codec (Java serialization: JSR-107 requires its factories to be
 *     {@code Serializable}); never modified
 * @param description a readable form of the configuration, for messages
 */
public record CacheDefinition(CacheId id, byte[] configuration, String description) {}
