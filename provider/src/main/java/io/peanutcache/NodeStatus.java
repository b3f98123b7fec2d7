package io.peanutcache;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * What a node is doing, read at one moment: for health checks, metrics and people. Every count is
 * since the node started.
 *
 * @param nodeName this node's name
 * @param membership where the members come from: {@code static peer list} or the etcd endpoints
 *     and prefix
 * @param epoch the epoch of the view the node routes by
 * @param members every member of that view, by name, with its address, in name order
 * @param inOwnView whether the latest view of the membership includes this node (with etcd, a
 *     node whose registration expired is not in it)
 * @param partitionsOwned how many partitions this node owns
 * @param partitionCount how many partitions there are
 * @param membershipUnreachableSince since when etcd cannot be reached, while it cannot; empty
 *     with a static peer list
 * @param registrationTtl how long the node's registration outlives a lost contact with etcd;
 *     empty with a static peer list
 * @param ownerOperations key operations this node ran as the keys' owner
 * @param loads loads of missing keys this node's caches ran through their loaders
 * @param hotCacheHits gets served from this node's hot copies of others' entries
 * @param peerCalls calls to peers by operation: how many, how long in all, how many failed
 */
public record NodeStatus(String nodeName, String membership, long epoch, Map<String, String> members,
    boolean inOwnView, int partitionsOwned, int partitionCount, Optional<Instant> membershipUnreachableSince,
    Optional<Duration> registrationTtl, long ownerOperations, long loads, long hotCacheHits,
    Map<String, NodeStatus.PeerCalls> peerCalls) {

  /**
   * The calls a node made to its peers for one operation since it started.
   *
   * @param calls how many
   * @param totalNanos how long they took in all, in nanoseconds
   * @param failures how many failed
   */
  public record PeerCalls(long calls, long totalNanos, long failures) {}

  /**
   * Whether the node may have lost its place in the cluster: etcd has been unreachable for longer
   * than the node's registration lasts, so the others may have dropped it from their views.
   *
   * @param now the time to judge at
   * @return true if etcd has been missed for longer than the registration's time to live
   */
  public boolean membershipLost(Instant now) {
    return membershipUnreachableSince.isPresent() && registrationTtl.isPresent()
        && Duration.between(membershipUnreachableSince.get(), now).compareTo(registrationTtl.get()) > 0;
  }
}
