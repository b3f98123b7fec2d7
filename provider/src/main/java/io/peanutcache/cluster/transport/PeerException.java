package io.peanutcache.cluster.transport;

import io.grpc.Status;
import javax.cache.CacheException;

/**
 * A call to a peer that failed in the network or was refused by the peer: names the peer, the
 * cache, the operation and the gRPC status.
 */
public final class PeerException extends CacheException {

  private static final long serialVersionUID = 1L;

  private final transient Status.Code code;

  PeerException(String message, Status.Code code, Throwable cause) {
    super(message, cause);
    this.code = code;
  }

  /**
   * Whether the peer could not be reached at all: no connection within the connect timeout, a
   * refused connection, or a connection lost under the call. A peer that was reached but did not
   * answer within the deadline is not unreachable: it may be loading, or busy.
   *
   * @return true for an unreachable peer
   */
  public boolean isUnreachable() {
    return code == Status.Code.UNAVAILABLE || code == Status.Code.CANCELLED;
  }

  /**
   * Whether {@code failure} is, or was caused by, a peer that could not be reached (see
   * {@link #isUnreachable()}): what a caller of a cache operation checks to tell an owner that is
   * gone from one that answered late or refused.
   *
   * @param failure what a cache operation threw, or what its future completed with
   * @return true if a {@code PeerException} for an unreachable peer is in its chain of causes
   */
  public static boolean isUnreachable(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof PeerException peer && peer.isUnreachable()) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether the peer answered that it does not own the key by its view.
   *
   * @return true if the sender should refresh its view and retry
   */
  public boolean isNotOwner() {
    return code == Status.Code.FAILED_PRECONDITION;
  }

  /**
   * The gRPC status code of the failure.
   *
   * @return the code
   */
  public Status.Code code() {
    return code;
  }
}
