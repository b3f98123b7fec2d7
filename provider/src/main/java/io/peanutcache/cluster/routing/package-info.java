/**
 * Routing a cache's operations in a cluster: each key's operation runs on its owner, this node's
 * engine or a peer's; bulk operations are split by owner and sent in parallel.
 */
package io.peanutcache.cluster.routing;
