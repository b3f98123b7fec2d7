package io.peanutcache.cluster.ring;

import io.peanutcache.cluster.membership.Member;
import io.peanutcache.cluster.membership.MembershipView;
import java.util.List;

/**
 * One node's view of the cluster at one epoch: the members, the partition table built from their
 * names, and which member is this node. Immutable; a membership change makes a new view.
 */
public final class ClusterView {

  private final MembershipView membership;
  private final PartitionTable table;
  private final Member self;
  private final Member[] owners;

  private ClusterView(MembershipView membership, PartitionTable table, Member self) {
    this.membership = membership;
    this.table = table;
    this.self = self;
    this.owners = new Member[table.partitionCount()];
    for (int partition = 0; partition < owners.length; partition++) {
      owners[partition] = membership.member(table.ownerOf(partition)).orElseThrow();
    }
  }

  /**
   * The view of {@code membership} from the node named {@code selfName}.
   *
   * @param membership the members and the epoch
   * @param selfName this node's member name
   * @param partitions the cluster's partition count
   * @return the view
   * @throws IllegalArgumentException if this node is not a member
   */
  public static ClusterView of(MembershipView membership, String selfName, int partitions) {
    Member self = membership.member(selfName).orElseThrow(() -> new IllegalArgumentException(
        "this node (" + selfName + ") is not among the members " + membership.names()
            + "; the membership must include every node, this one too"));
    return new ClusterView(membership, PartitionTable.of(membership.names(), partitions), self);
  }

  /** The epoch of the membership this view reflects. */
  public long epoch() {
    return membership.epoch();
  }

  /** The partition of a key's bytes. */
  public int partitionOf(byte[] keyBytes) {
    return table.partitionOf(keyBytes);
  }

  /** The owner of a partition. */
  public Member ownerOf(int partition) {
    return owners[partition];
  }

  /** This node. */
  public Member self() {
    return self;
  }

  /** Whether {@code member} is this node. */
  public boolean isSelf(Member member) {
    return member == self || member.name().equals(self.name());
  }

  /** Whether this node owns {@code partition}. */
  public boolean ownsPartition(int partition) {
    return isSelf(owners[partition]);
  }

  /** The members, sorted by name. */
  public List<Member> members() {
    return membership.members();
  }

  /**
   * The member of that name.
   *
   * @param name a member name
   * @return the member, or null if it is not in this view
   */
  public Member member(String name) {
    for (Member member : membership.members()) {
      if (member.name().equals(name)) {
        return member;
      }
    }
    return null;
  }

  /** The members other than this node, sorted by name. */
  public List<Member> peers() {
    List<Member> peers = new java.util.ArrayList<>();
    for (Member member : membership.members()) {
      if (!isSelf(member)) {
        peers.add(member);
      }
    }
    return peers;
  }

  /** The partitions a member owns, ascending. */
  public int[] partitionsOf(Member member) {
    return table.partitionsOwnedBy(member.name());
  }

  /** The number of partitions. */
  public int partitionCount() {
    return table.partitionCount();
  }

  @Override
  public String toString() {
    return "ClusterView{epoch=" + epoch() + ", self=" + self.name() + ", members=" + membership.names() + "}";
  }
}
