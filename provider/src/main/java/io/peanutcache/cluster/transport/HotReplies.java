package io.peanutcache.cluster.transport;

import com.google.protobuf.ByteString;
import io.grpc.stub.StreamObserver;
import io.peanutcache.cluster.hot.HotCaches;
import io.peanutcache.cluster.peers.HotStamp;
import io.peanutcache.cluster.transport.proto.Header;
import io.peanutcache.cluster.transport.proto.HotReply;
import io.peanutcache.cluster.transport.proto.KeyRequest;
import io.peanutcache.cluster.transport.proto.Reply;
import java.util.function.Supplier;

/**
 * Turns the owner's plain {@code Get} reply into a {@code HotGet} reply: the reply itself, the
 * partition's sequence read before the value, and the entry's remaining life read after it.
 */
final class HotReplies implements StreamObserver<Reply> {

  private final StreamObserver<HotReply> out;
  private final Supplier<HotStamp> stamp;

  /**
   * @param out where the stamped reply goes
   * @param stamp gives the stamp once the value was read; null if the cache keeps no sequences
   *     here (no copy allowed)
   */
  private HotReplies(StreamObserver<HotReply> out, Supplier<HotStamp> stamp) {
    this.out = out;
    this.stamp = stamp;
  }

  /**
   * Where the plain {@code Get} reply to a {@code HotGet} must go. Reads the key's partition
   * sequence now, so call it before the value is read.
   *
   * @param hot the node's hot caches
   * @param request the request
   * @param out where the stamped reply goes
   * @return the observer of the plain reply
   */
  static StreamObserver<Reply> stamping(HotCaches hot, KeyRequest request, StreamObserver<HotReply> out) {
    return stamping(hot, request.getHeader(), request.getKey(), out);
  }

  /**
   * Where the plain reply to a hot get of {@code key} must go, as
   * {@link #stamping(HotCaches, KeyRequest, StreamObserver)}.
   *
   * @param hot the node's hot caches
   * @param header the read's header
   * @param key the key read
   * @param out where the stamped reply goes
   * @return the observer of the plain reply
   */
  static StreamObserver<Reply> stamping(HotCaches hot, Header header, ByteString key, StreamObserver<HotReply> out) {
    return new HotReplies(out, hot.stamp(Headers.cacheId(header), WireBytes.array(key)));
  }

  @Override
  public void onNext(Reply reply) {
    HotReply.Builder stamped = HotReply.newBuilder().setReply(reply);
    if (stamp != null && reply.getPresent()) {
      HotStamp read = stamp.get();
      stamped.setIncarnation(read.incarnation()).setSequence(read.sequence())
          .setExpiresInNanos(read.expiresInNanos());
    }
    out.onNext(stamped.build());
  }

  @Override
  public void onError(Throwable failure) {
    out.onError(failure);
  }

  @Override
  public void onCompleted() {
    out.onCompleted();
  }
}
