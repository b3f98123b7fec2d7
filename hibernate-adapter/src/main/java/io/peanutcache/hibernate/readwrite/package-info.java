/**
 * Hibernate's {@code READ_WRITE} strategy made safe on a cluster: what a region holds for a key is
 * an {@link io.peanutcache.hibernate.readwrite.Item} (a value readable by transactions that began
 * after it was cached) or a {@link io.peanutcache.hibernate.readwrite.Lock} (a soft lock: no
 * transaction reads it, and a value loaded before it was released is never cached), and every step
 * that reads what is there and writes in its place (lock, unlock, put from load, after insert,
 * after update) is one entry processor run atomically on the key's owner.
 *
 * <p>Hibernate's own read-write strategy does the same steps as a read followed by a write from
 * the caller under a lock of its JVM: two nodes interleave them, and one caches what the other's
 * commit made stale. Here the owner runs them one at a time per key, so the rule that protects a
 * single JVM protects the cluster.
 */
package io.peanutcache.hibernate.readwrite;
