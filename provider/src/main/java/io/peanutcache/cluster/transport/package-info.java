/**
 * The network between nodes over gRPC: the one service a node offers its peers ({@code
 * PeerService}, which hands each call to the handler of its concern), the implementations of the
 * {@link io.peanutcache.cluster.peers} calls over one client per peer, and how headers, results,
 * counts and failures cross the wire. Gets and hot gets, the remote path a cluster spends most of
 * its time on, share one long-lived stream of reads per peer ({@code ReadStream} on the caller,
 * {@code ServedReads} on the owner) instead of a call each. Routing reaches it only through {@code cluster.peers}; the
 * protocol is {@code peer.proto}. With TLS, one {@code PeerTls} per node serves and calls, follows
 * its files as they change and, with member names, binds each call's sender to the caller's
 * certificate.
 */
package io.peanutcache.cluster.transport;
