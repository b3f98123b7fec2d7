/**
 * Cache entry listeners across the cluster. A listener runs on the node it was registered on, with
 * its filter; every node that owns keys of the cache knows of it and sends it the events of its
 * keys, in order per key, waiting for a synchronous listener before the operation returns.
 * Registrations reach every node when they are made, and a node that hosts the cache later learns
 * them with the cache's definition.
 */
package io.peanutcache.cluster.listeners;
