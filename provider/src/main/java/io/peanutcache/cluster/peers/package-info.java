/**
 * The seam between the cluster's logic and the network (groupcache's {@code peers.go}): routing,
 * the hot cache, the listeners and the definitions ask the view who owns a key and call that peer
 * through these interfaces, in their own terms; the transport implements them, and nothing outside
 * it sees the wire format.
 */
package io.peanutcache.cluster.peers;
