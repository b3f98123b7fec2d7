package io.peanutcache.cluster.peers;

/**
 * What an entry processor did with one key on its owner: the result it returned, or what it threw.
 *
 * @param value the result's bytes, or null when it failed
 * @param failure what it threw, of the same JSR-107 type, or null when it returned
 */
public record ProcessorResult(byte[] value, RuntimeException failure) {}
