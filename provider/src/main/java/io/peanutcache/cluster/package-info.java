/**
 * A node of the cluster, assembled: {@link io.peanutcache.cluster.Node} wires the membership, the
 * partition table, the peers and the caches it hosts, and shows itself as an MXBean
 * ({@link io.peanutcache.cluster.NodeView}); {@link io.peanutcache.cluster.Nodes} keeps the nodes
 * running in this JVM; {@link io.peanutcache.cluster.NodeCacheHost} runs a CacheManager's caches
 * on one of them.
 */
package io.peanutcache.cluster;
