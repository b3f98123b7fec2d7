/**
 * Cache definitions across the cluster, in one place: a cache created on one node is defined on
 * every node that can be reached, and in the etcd catalog when there is one, and a node that starts
 * later or missed it learns it, with its listeners, from the catalog or from a peer. Other nodes
 * are reached through {@link io.peanutcache.cluster.peers.DefinitionPeers}.
 */
package io.peanutcache.cluster.definitions;
