package io.peanutcache.cluster.peers;

import io.peanutcache.cluster.membership.Member;
import io.peanutcache.cluster.ring.ClusterView;
import java.util.List;

/**
 * How an owner's hot-cache changes reach the other nodes: a batch sent to peers, without waiting
 * for their answers.
 *
 * <p>Nothing is retried or reported: a batch that is lost or arrives out of order shows as a gap in
 * its receiver's sequences, and the receiver drops the copies it can no longer trust.
 */
public interface HotPeers {

  /**
   * Sends a batch of changes to each of {@code peers} and returns at once.
   *
   * @param peers the members to tell
   * @param view the view the batch was drawn up by; its epoch and this node's name go with it
   * @param batch the changes and, for a heartbeat, the sequences
   */
  void invalidate(List<Member> peers, ClusterView view, HotInvalidations batch);
}
