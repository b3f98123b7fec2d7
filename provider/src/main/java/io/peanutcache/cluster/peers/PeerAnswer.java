package io.peanutcache.cluster.peers;

import io.peanutcache.cluster.membership.Member;
import io.peanutcache.PeerException;

/**
 * What one peer answered to a call made to every peer: its reply, or why there is none.
 *
 * @param peer the peer
 * @param reply its reply, or null if the call failed
 * @param failure why the call failed, or null if it succeeded
 * @param <R> the reply type
 */
public record PeerAnswer<R>(Member peer, R reply, PeerException failure) {

  /** Whether the peer answered. */
  public boolean answered() {
    return failure == null;
  }
}
