/**
 * Where each key lives: a key's bytes hash ({@link io.peanutcache.cluster.ring.XxHash64}) to one
 * of a fixed number of partitions, and a {@link io.peanutcache.cluster.ring.PartitionTable}, built
 * from a membership view's member names alone, names each partition's owner; a {@link
 * io.peanutcache.cluster.ring.ClusterView} is that table as one node sees it. Nodes that see the
 * same members agree on every owner, and a join or leave moves about one member's share of the
 * partitions.
 */
package io.peanutcache.cluster.ring;
