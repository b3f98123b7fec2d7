/**
 * Everything PeanutCache keeps in etcd: each node's registration under a lease, the watch that
 * turns the registrations into membership views, and the catalog of cache definitions. The client
 * reaches etcd over TLS and as an etcd user when the settings say so, and a node that etcd refuses
 * is told why at its start. Every value read from etcd is checked before it is used.
 */
package io.peanutcache.cluster.etcd;
