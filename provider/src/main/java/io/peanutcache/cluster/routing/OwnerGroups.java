package io.peanutcache.cluster.routing;

import io.peanutcache.cluster.membership.Member;
import io.peanutcache.cluster.ring.ClusterView;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keys grouped by their owner in one view, each key kept beside its encoded bytes, in the same
 * order, so that an owner's answers for the bytes lead back to the caller's key objects.
 *
 * @param <K> the type of keys
 */
final class OwnerGroups<K> {

  /** The keys one member owns: the objects, and their bytes at the same positions. */
  static final class Group<K> {
    final List<K> keys = new ArrayList<>();
    final List<byte[]> encoded = new ArrayList<>();
  }

  private final Map<Member, Group<K>> groups = new LinkedHashMap<>();
  private final ClusterView view;

  OwnerGroups(ClusterView view) {
    this.view = view;
  }

  void add(K key, byte[] bytes) {
    Member owner = view.ownerOf(view.partitionOf(bytes));
    Group<K> group = groups.computeIfAbsent(owner, member -> new Group<>());
    group.keys.add(key);
    group.encoded.add(bytes);
  }

  /** The keys this node owns, or an empty group. */
  Group<K> local() {
    Group<K> group = groups.get(view.self());
    return group == null ? new Group<>() : group;
  }

  /** The groups of the other members. */
  Map<Member, Group<K>> remote() {
    Map<Member, Group<K>> remote = new LinkedHashMap<>(groups);
    remote.remove(view.self());
    return remote;
  }

  ClusterView view() {
    return view;
  }
}
