package io.peanutcache.cluster.hot;

import io.grpc.stub.StreamObserver;
import io.peanutcache.cluster.transport.proto.HotReply;
import io.peanutcache.cluster.transport.proto.Reply;

/**
 * Turns the owner's plain {@code Get} reply into a {@code HotGet} reply: the reply itself, the
 * partition's sequence read before the value, and the entry's remaining life read after it.
 */
final class HotReplies implements StreamObserver<Reply> {

  private final StreamObserver<HotReply> out;
  private final OwnerSequences sequences;
  private final long sequence;
  private final byte[] key;

  /**
   * @param out where the stamped reply goes
   * @param sequences the cache's sequences on this node, or null if it keeps none (no copy allowed)
   * @param sequence the partition's sequence, read before the value
   * @param key the key's bytes
   */
  HotReplies(StreamObserver<HotReply> out, OwnerSequences sequences, long sequence, byte[] key) {
    this.out = out;
    this.sequences = sequences;
    this.sequence = sequence;
    this.key = key;
  }

  @Override
  public void onNext(Reply reply) {
    HotReply.Builder stamped = HotReply.newBuilder().setReply(reply);
    if (sequences != null && reply.getPresent()) {
      stamped.setIncarnation(sequences.incarnation()).setSequence(sequence)
          .setExpiresInNanos(sequences.expiresInNanos(key));
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
