/**
 * Cache definitions across the cluster: a cache created on one node is defined on every node that
 * can be reached, and in the etcd catalog when there is one, and a node that starts later or missed
 * it learns it from the catalog or from a peer.
 */
package io.peanutcache.cluster.definitions;
