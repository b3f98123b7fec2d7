/**
 * The etcd registry, which the provider finds through {@link io.peanutcache.cluster.registry}:
 * each node's registration under a lease, the watch that turns the registrations into membership
 * views, and the catalog of cache definitions. The client reaches etcd over TLS and as an etcd
 * user when the settings say so, a node that etcd refuses is told why at its start, and every
 * value read from etcd is checked before it is used.
 */
package io.peanutcache.etcd;
