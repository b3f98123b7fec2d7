/** Tests of the nodes' mutual TLS: a cluster over it, and the clients it refuses. */
package io.peanutcache.cluster.tls;
