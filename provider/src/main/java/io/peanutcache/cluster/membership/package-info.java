/**
 * Who the members of the cluster are: views of the membership, each with an epoch, from a static
 * peer list or from etcd, where each node registers under a lease and watches the others. Nodes
 * whose views have the same epoch have the same members.
 */
package io.peanutcache.cluster.membership;
