package io.peanutcache.etcd;

import static io.peanutcache.etcd.EtcdCalls.string;

import io.etcd.jetcd.KeyValue;
import io.peanutcache.cluster.membership.Member;
import io.peanutcache.settings.HostAndPort;
import java.util.Optional;

/**
 * A key under {@code <prefix>/members/} as every path that reads members judges it: the live member
 * it holds, or why it holds none. A key holds a member only if its name is a node's name, its value
 * is a {@link MemberRecord} with an address that parses, and it lives under a lease, as every
 * node's registration does; anything else is absent, on the read, the watch and the registration
 * alike, so that no node's ring differs from another's because of it.
 *
 * @param key the key
 * @param name the name after the members' prefix
 * @param record the record it holds; empty if it holds no member
 * @param lease the lease it lives under, 0 for none
 * @param problem why it holds no member, for the log; empty if it holds one
 */
record MemberEntry(String key, String name, Optional<MemberRecord> record, long lease, String problem) {

  /**
   * Judges {@code entry}, a key under {@code membersPrefix} and its value.
   *
   * @param entry the key and value, as a read or a watch's put gives it
   * @param membersPrefix {@code <prefix>/members/}
   * @return the judgement
   */
  static MemberEntry of(KeyValue entry, String membersPrefix) {
    String key = string(entry.getKey());
    String name = key.substring(membersPrefix.length());
    long lease = entry.getLease();
    if (name.isBlank() || !name.equals(name.trim())) {
      return absent(key, name, lease, "its name is not a node name");
    }
    String value = string(entry.getValue());
    Optional<MemberRecord> record = MemberRecord.parse(value);
    if (record.isEmpty()) {
      boolean hasAddress = FlatJson.read(value).map(fields -> fields.containsKey("address")).orElse(false);
      return absent(key, name, lease, hasAddress
          ? "its address is not a " + HostAndPort.ALLOWED
          : "it is not a PeanutCache member record");
    }
    if (lease == 0) {
      return absent(key, name, lease, "it lives under no lease, as no registration does");
    }
    return new MemberEntry(key, name, record, lease, "");
  }

  private static MemberEntry absent(String key, String name, long lease, String problem) {
    return new MemberEntry(key, name, Optional.empty(), lease, problem);
  }

  /** Whether the key holds a live member. */
  boolean present() {
    return record.isPresent();
  }

  /** The member the key holds; empty if it holds none. */
  Optional<Member> member() {
    return record.map(held -> new Member(name, held.address()));
  }
}
