/**
 * Partitions that move between nodes without losing their entries: the gate that fences each
 * partition a node owns, and the moves that take partitions over from their former owners.
 *
 * <p>A move is pulled by the new owner: when its view gives it a partition, it holds the
 * partition's operations ({@link io.peanutcache.cluster.handoff.PartitionGate#expect}) and asks
 * the former owner for it; the former owner stops running operations on it (later ones are told
 * "not owner" and sent again to the new owner), waits for those under way, streams its entries
 * and drops them. A node that stops cleanly leaves etcd first and then answers the new owners of
 * its partitions before it closes.
 */
package io.peanutcache.cluster.handoff;
