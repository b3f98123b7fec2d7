package io.peanutcache.engine;

/**
 * A key's value with the version of its entry, as read for an entry processor that runs on
 * another node and writes back only if the version is unchanged.
 *
 * @param value the value, or null when the key has no live entry
 * @param version the entry's version, or 0 when the key has no live entry
 * @param <V> the type of values
 */
public record VersionedValue<V>(V value, long version) {}
