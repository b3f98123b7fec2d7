/**
 * The network between nodes: the gRPC service a node offers its peers, one client per peer, and
 * how results, counts and failures cross the wire. The protocol is {@code peer.proto}.
 */
package io.peanutcache.cluster.transport;
