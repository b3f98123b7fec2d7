package io.peanutcache;

import javax.cache.CacheException;

/**
 * A call to a peer that failed in the network or was refused by the peer: names the peer, the
 * cache, the operation and the status of the call.
 *
 * <p>The status is the name of a gRPC status code: {@code UNAVAILABLE} for a peer that could not be
 * reached, {@code FAILED_PRECONDITION} for a peer that does not own the key by its view, {@code
 * ABORTED} for a request sent before the peer came back from a pause (it dropped what it held and
 * refuses what was sent before), {@code NOT_FOUND} for a peer that does not know the cache or the listener, {@code INVALID_ARGUMENT} for a
 * request the peer refused, {@code DEADLINE_EXCEEDED} for a call that took longer than its deadline,
 * {@code RESOURCE_EXHAUSTED} for a peer that is overloaded (its threads and queue for peers'
 * requests are full) or a reply larger than {@code peanutcache.max-message-size}.
 */
public final class PeerException extends CacheException {

  private static final long serialVersionUID = 1L;

  private final String status;

  /**
   * A failed call to a peer.
   *
   * @param message names the peer, the cache, the operation and the status
   * @param status the name of the call's gRPC status code, such as {@code UNAVAILABLE}
   * @param cause what the network layer reported, if anything
   */
  public PeerException(String message, String status, Throwable cause) {
    super(message, cause);
    this.status = status;
  }

  /**
   * Whether the peer could not be reached at all: no connection within the connect timeout, a
   * refused connection, or a connection lost under the call. A peer that was reached but did not
   * answer within the deadline is not unreachable: it may be loading, or busy.
   *
   * @return true for an unreachable peer
   */
  public boolean isUnreachable() {
    return "UNAVAILABLE".equals(status) || "CANCELLED".equals(status);
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
    return "FAILED_PRECONDITION".equals(status);
  }

  /**
   * Whether the peer asks for the request to be sent again: it does not own the key by its view
   * ({@link #isNotOwner()}), or it came back from a pause after the request was sent and refused
   * it ({@code ABORTED}).
   *
   * @return true if the sender should refresh its view and send the request again
   */
  public boolean isToSendAgain() {
    return isNotOwner() || "ABORTED".equals(status);
  }

  /**
   * Whether the peer answered that it does not know what the call named: the cache, or a listener.
   *
   * @return true for a peer that answered {@code NOT_FOUND}
   */
  public boolean isNotFound() {
    return "NOT_FOUND".equals(status);
  }

  /**
   * The name of the gRPC status code of the failure, such as {@code UNAVAILABLE}.
   *
   * @return the status
   */
  public String status() {
    return status;
  }
}
