/**
 * Routing a cache's operations in a cluster: each key's operation runs on its owner, this node's
 * engine or a peer reached through {@link io.peanutcache.cluster.peers}; bulk operations are split
 * by owner and sent in parallel; an entry processor that cannot travel runs here under its key's
 * lease at the owner.
 */
package io.peanutcache.cluster.routing;
