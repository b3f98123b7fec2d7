/**
 * The network between nodes over gRPC: the one service a node offers its peers ({@code
 * PeerService}, which hands each call to the handler of its concern), the implementations of the
 * {@link io.peanutcache.cluster.peers} calls over one client per peer, and how headers, results,
 * counts and failures cross the wire. Routing reaches it only through {@code cluster.peers}; the
 * protocol is {@code peer.proto}.
 */
package io.peanutcache.cluster.transport;
