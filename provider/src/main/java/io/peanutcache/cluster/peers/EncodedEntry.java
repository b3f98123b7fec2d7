package io.peanutcache.cluster.peers;

/**
 * An entry as it travels between nodes.
 *
 * @param key the key's bytes, as the cache's codec encoded it
 * @param value the value's bytes, as the cache's codec encoded it
 */
public record EncodedEntry(byte[] key, byte[] value) {}
