package io.peanutcache.cluster;

/**
 * A node's view of the cluster, for people: registered as
 * {@code io.peanutcache:type=Node,name=<node name>} while the node runs.
 */
public interface NodeViewMXBean {

  /** This node's name on the ring. */
  String getNodeName();

  /** Where the membership comes from: {@code static peer list} or {@code etcd <endpoints>}. */
  String getMembership();

  /** The epoch of the current view: the etcd revision it reflects, or 1 for a static list. */
  long getEpoch();

  /** Every member, as {@code name=host:port}, sorted by name. */
  String[] getMembers();

  /** How many partitions this node owns. */
  int getPartitionsOwned();

  /** How many partitions there are. */
  int getPartitionCount();

  /** How many key operations this node has run as owner since it started. */
  long getOwnerOperations();

  /** Whether this node talks mutual TLS with its peers ({@code peanutcache.tls.*} is set). */
  boolean isTls();

  /** Partitions this node takes over whose entries are still on their way from their former owner. */
  int getPartitionsArriving();
}
