package io.peanutcache.cluster.membership;

import java.util.List;
import java.util.Optional;

/**
 * The members of the cluster as one node sees them at one moment. Views with the same epoch have
 * the same members, so nodes that agree on the epoch agree on the partition table.
 *
 * @param epoch increases whenever the membership changes
 * @param members the members, sorted by name
 */
public record MembershipView(long epoch, List<Member> members) {

  /**
   * @throws IllegalArgumentException if two members share a name
   */
  public MembershipView {
    members = members.stream().sorted(java.util.Comparator.comparing(Member::name)).toList();
    for (int i = 1; i < members.size(); i++) {
      if (members.get(i).name().equals(members.get(i - 1).name())) {
        throw new IllegalArgumentException("two members are named " + members.get(i).name()
            + "; each member needs a name of its own");
      }
    }
  }

  /**
   * The member named {@code name}.
   *
   * @param name a member name
   * @return the member, or empty if no member has that name
   */
  public Optional<Member> member(String name) {
    for (Member member : members) {
      if (member.name().equals(name)) {
        return Optional.of(member);
      }
    }
    return Optional.empty();
  }

  /**
   * The members' names, sorted.
   *
   * @return the names
   */
  public List<String> names() {
    return members.stream().map(Member::name).toList();
  }
}
