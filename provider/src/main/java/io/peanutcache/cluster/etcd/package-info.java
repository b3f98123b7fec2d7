/**
 * Everything PeanutCache keeps in etcd: each node's registration under a lease, the watch that
 * turns the registrations into membership views, and the catalog of cache definitions. Every value
 * read from etcd is checked before it is used.
 */
package io.peanutcache.cluster.etcd;
