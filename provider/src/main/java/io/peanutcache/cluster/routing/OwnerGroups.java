package io.peanutcache.cluster.routing;

import com.google.protobuf.ByteString;
import io.peanutcache.cluster.ring.ClusterView;
import io.peanutcache.cluster.membership.Member;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keys grouped by their owner in one view, each key kept with its encoded bytes so a reply's key
 * bytes lead back to the caller's key object.
 *
 * @param <K> the type of keys
 */
final class OwnerGroups<K> {

  /** The keys one member owns: the objects, and their bytes mapped back to the objects. */
  static final class Group<K> {
    final List<K> keys = new ArrayList<>();
    final List<ByteString> encoded = new ArrayList<>();
    final Map<ByteString, K> byBytes = new HashMap<>();
  }

  private final Map<Member, Group<K>> groups = new LinkedHashMap<>();
  private final ClusterView view;

  OwnerGroups(ClusterView view) {
    this.view = view;
  }

  void add(K key, byte[] bytes) {
    Member owner = view.ownerOf(view.partitionOf(bytes));
    Group<K> group = groups.computeIfAbsent(owner, member -> new Group<>());
    ByteString encoded = ByteString.copyFrom(bytes);
    group.keys.add(key);
    group.encoded.add(encoded);
    group.byBytes.put(encoded, key);
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
