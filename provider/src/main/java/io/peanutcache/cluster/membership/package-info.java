/**
 * Who the members of the cluster are: views of the membership, each with an epoch, from a static
 * peer list here or from a registry the nodes join ({@link io.peanutcache.cluster.registry}, etcd
 * in the artifact {@code peanutcache-etcd}). Nodes whose views have the same epoch have the same
 * members.
 */
package io.peanutcache.cluster.membership;
