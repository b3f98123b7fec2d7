package io.peanutcache.cluster.handoff;

/**
 * One entry as it travels to a partition's new owner: the key and value encoded by the cache's
 * codec, and the time it has left.
 *
 * @param key the encoded key
 * @param value the encoded value
 * @param expiresInNanos the nanoseconds until it expires, or
 *     {@link io.peanutcache.engine.HeldEntry#NEVER}
 */
public record HandedEntry(byte[] key, byte[] value, long expiresInNanos) {}
