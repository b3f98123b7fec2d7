package io.peanutcache.cluster.ring;

import io.peanutcache.cluster.membership.Member;
import io.peanutcache.cluster.membership.MembershipView;
import java.util.List;

/**
 * One node's view of the cluster at one epoch: the members, the partition table built from their
 * names, which member is this node, and since which epoch each partition has had its owner.
 * Immutable; a membership change makes a new view ({@link #next}).
 *
 * <p>A partition's owner has owned it since the epoch of the first view, in this node's line of
 * views, that gave it that owner: {@link #next} carries the epoch over for the partitions whose
 * owner stays and sets the new epoch for those that moved. A node's first view knows nothing
 * before it, so it dates every partition at its own epoch. A sender whose view is older than
 * that epoch routed by an owner it may not know about, and an owner refuses its request (see
 * {@link #ownsPartitionSince}).
 */
public final class ClusterView {

  private final MembershipView membership;
  private final PartitionTable table;
  private final Member self;
  private final Member[] owners;
  /** For each partition, the epoch since which its owner has owned it. */
  private final long[] ownedSince;

  private ClusterView(MembershipView membership, PartitionTable table, Member self, ClusterView previous) {
    this.membership = membership;
    this.table = table;
    this.self = self;
    this.owners = new Member[table.partitionCount()];
    this.ownedSince = new long[owners.length];
    for (int partition = 0; partition < owners.length; partition++) {
      owners[partition] = membership.member(table.ownerOf(partition)).orElseThrow();
      boolean stayed = previous != null && previous.owners[partition].name().equals(owners[partition].name());
      ownedSince[partition] = stayed ? previous.ownedSince[partition] : membership.epoch();
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
    return new ClusterView(membership, PartitionTable.of(membership.names(), partitions),
        self(membership, selfName), null);
  }

  /**
   * The view of {@code membership} that follows this one on the same node: each partition whose
   * owner stays keeps the epoch since which it has had it; the others date from
   * {@code membership}'s epoch.
   *
   * @param membership the members and the epoch, newer than this view's
   * @return the view
   * @throws IllegalArgumentException if this node is not a member, or if {@code membership} is not
   *     newer than this view
   */
  public ClusterView next(MembershipView membership) {
    if (membership.epoch() <= epoch()) {
      throw new IllegalArgumentException("the view of epoch " + membership.epoch()
          + " does not follow the view of epoch " + epoch() + "; allowed: a newer epoch");
    }
    return new ClusterView(membership, PartitionTable.of(membership.names(), partitionCount()),
        self(membership, self.name()), this);
  }

  private static Member self(MembershipView membership, String selfName) {
    return membership.member(selfName).orElseThrow(() -> new IllegalArgumentException(
        "this node (" + selfName + ") is not among the members " + membership.names()
            + "; the membership must include every node, this one too"));
  }

  /** The epoch of the membership this view reflects. */
  public long epoch() {
    return membership.epoch();
  }

  /** The partition of a key's bytes. */
  public int partitionOf(byte[] keyBytes) {
    return table.partitionOf(keyBytes);
  }

  /**
   * The partition of a key whose encoding is {@code tag} followed by the ASCII chars of {@code
   * chars}: {@code partitionOf} of that encoding, without making it.
   */
  public int partitionOfTaggedAscii(byte tag, String chars) {
    return table.partitionOfHash(XxHash64.hashTaggedAscii(tag, chars));
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

  /**
   * The epoch since which the owner of {@code partition} has owned it, as far as this node's
   * views tell: at most this view's epoch.
   *
   * @param partition the partition
   * @return the epoch of the first view, in this node's line of views, with the current owner
   */
  public long ownedSince(int partition) {
    return ownedSince[partition];
  }

  /**
   * Whether this node owns {@code partition} and has owned it since {@code epoch} or before: what
   * a sender whose view has that epoch may rely on when it routes a key of the partition here. A
   * sender with an older view does not know that the partition moved since, and is to catch up.
   *
   * @param partition the partition
   * @param epoch the epoch of the sender's view
   * @return true if this node owns the partition, and has since the sender's epoch by this
   *     node's views
   */
  public boolean ownsPartitionSince(int partition, long epoch) {
    return ownsPartition(partition) && epoch >= ownedSince[partition];
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
