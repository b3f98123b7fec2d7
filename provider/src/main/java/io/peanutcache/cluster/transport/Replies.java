package io.peanutcache.cluster.transport;

import io.peanutcache.cluster.transport.proto.Counts;
import io.peanutcache.cluster.transport.proto.Failure;
import io.peanutcache.cluster.transport.proto.Reply;
import io.peanutcache.management.StatisticsRecorder;

/** What the caller does with an owner's reply: record its counts, rethrow its failure, read it. */
final class Replies {

  private Replies() {}

  /**
   * Records the reply's counts and throws the owner's failure, if there was one.
   *
   * @param reply the reply
   * @param owner the client of the member that sent it
   * @param stats where the counts go; null to drop them
   */
  public static void check(Reply reply, PeerClient owner, StatisticsRecorder stats) {
    if (stats != null) {
      record(reply.getCounts(), stats);
    }
    if (reply.hasFailure()) {
      throw failure(reply.getFailure(), owner);
    }
  }

  /**
   * The value of a reply, after recording its counts; rethrows the owner's failure.
   *
   * @param reply the reply
   * @param owner the client of the member that sent it
   * @param stats where the counts go; null to drop them
   * @return the value's bytes, or null if the reply has none
   */
  static byte[] value(Reply reply, PeerClient owner, StatisticsRecorder stats) {
    check(reply, owner, stats);
    return reply.getPresent() ? WireBytes.array(reply.getValue()) : null;
  }

  /**
   * The flag of a reply, after recording its counts; rethrows the owner's failure.
   *
   * @param reply the reply
   * @param owner the client of the member that sent it
   * @param stats where the counts go; null to drop them
   * @return the flag
   */
  static boolean flag(Reply reply, PeerClient owner, StatisticsRecorder stats) {
    check(reply, owner, stats);
    return reply.getFlag();
  }

  /**
   * Records counts an owner made for this node's handle.
   *
   * @param counts the counts
   * @param stats where they go
   */
  public static void record(Counts counts, StatisticsRecorder stats) {
    RemoteCounts.record(counts, stats);
  }

  /**
   * The exception to throw for a failure that happened on {@code owner}.
   *
   * @param failure the failure
   * @param owner the client of the owner it happened on
   * @return the exception, of the failure's type where it is a JSR-107 or standard one
   */
  public static RuntimeException failure(Failure failure, PeerClient owner) {
    return Failures.toException(failure, owner.peer().name(), owner.causes());
  }
}
