/**
 * The caches a node hosts for the cluster: each under its identity (the manager's identity and
 * the cache's name), with the engine that runs the operations of the keys the node owns.
 */
package io.peanutcache.cluster.hosting;
