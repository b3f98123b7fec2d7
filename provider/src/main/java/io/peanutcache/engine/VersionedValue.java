package io.peanutcache.engine;

/**
 * A key's value with the version of its entry, as read for an entry processor that runs on
 * another node and writes back only if the version is unchanged.
 *
 * <p>The version is the stored form of the entry's value, compared by identity, and a read that
 * only moves the entry's expiry time keeps it. With store-by-value every write stores a form of
 * its own (each value is encoded into a new array), so the same instance means that no write
 * landed since. With store-by-reference a write may store the very instance the processor read:
 * its outcome then stands as if that write had come before the read, which saw the value it
 * left. It stays on the node that read it.
 *
 * @param value the value, or null when the key has no live entry
 * @param version the stored form of the entry's value, or null when the key has no live entry
 * @param <V> the type of values
 */
public record VersionedValue<V>(V value, Object version) {}
