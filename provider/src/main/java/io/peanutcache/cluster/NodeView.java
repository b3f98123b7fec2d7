package io.peanutcache.cluster;

import io.peanutcache.cluster.ring.ClusterView;


/** The {@link NodeViewMXBean} of a node: reads the node's current view on every call. */
final class NodeView implements NodeViewMXBean {

  private final Node node;

  NodeView(Node node) {
    this.node = node;
  }

  @Override
  public String getNodeName() {
    return node.view().self().name();
  }

  @Override
  public boolean isTls() {
    return node.settings().tls().isPresent();
  }

  @Override
  public String getMembership() {
    return node.status().membership();
  }

  @Override
  public long getEpoch() {
    return node.view().epoch();
  }

  @Override
  public String[] getMembers() {
    return node.view().members().stream().map(m -> m.name() + "=" + m.address()).toArray(String[]::new);
  }

  @Override
  public int getPartitionsOwned() {
    ClusterView view = node.view();
    return view.partitionsOf(view.self()).length;
  }

  @Override
  public int getPartitionCount() {
    return node.view().partitionCount();
  }

  @Override
  public long getOwnerOperations() {
    return node.caches().ownerOperations();
  }

  @Override
  public int getPartitionsArriving() {
    return node.gate().arriving();
  }
}
