package io.peanutcache.cluster.transport;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import io.peanutcache.cluster.peers.HotStamp;
import io.peanutcache.cluster.peers.HotInvalidations;
import io.peanutcache.cluster.ring.ClusterView;
import io.peanutcache.cluster.transport.proto.HotChange;
import io.peanutcache.cluster.transport.proto.HotReply;
import io.peanutcache.cluster.transport.proto.HotSequence;
import io.peanutcache.cluster.transport.proto.InvalidationBatch;
import java.util.ArrayList;
import java.util.List;

/** The hot cache's messages on the wire: invalidation batches and the stamps of hot gets. */
final class HotWire {

  private HotWire() {}

  /**
   * What the owner said of the value of a {@code HotGet} reply.
   *
   * @param reply the reply
   * @return its stamp; incarnation 0 when the owner keeps no sequences (no copy may be kept)
   */
  public static HotStamp stamp(HotReply reply) {
    return new HotStamp(reply.getIncarnation(), reply.getSequence(), reply.getExpiresInNanos());
  }

  /**
   * The wire form of a batch.
   *
   * @param batch the batch
   * @param view the view it was drawn up by, for its header
   * @return the message
   */
  static InvalidationBatch batch(HotInvalidations batch, ClusterView view) {
    InvalidationBatch.Builder message = InvalidationBatch.newBuilder()
        .setHeader(Headers.of(batch.cache(), view)).setIncarnation(batch.incarnation());
    for (HotInvalidations.Change change : batch.changes()) {
      HotChange.Builder one = HotChange.newBuilder().setPartition(change.partition())
          .setSequence(change.sequence());
      if (change.key() != null) {
        // the key's bytes are never modified once the change is made
        one.setKey(UnsafeByteOperations.unsafeWrap(change.key()));
      }
      message.addChanges(one);
    }
    for (HotInvalidations.Sequence sequence : batch.sequences()) {
      message.addSequences(HotSequence.newBuilder().setPartition(sequence.partition())
          .setSequence(sequence.sequence()));
    }
    return message.build();
  }

  /**
   * The batch a message carries; an empty key is a change of the whole partition.
   *
   * @param message the message
   * @return the batch
   */
  static HotInvalidations invalidations(InvalidationBatch message) {
    List<HotInvalidations.Change> changes = new ArrayList<>(message.getChangesCount());
    for (HotChange change : message.getChangesList()) {
      ByteString key = change.getKey();
      changes.add(new HotInvalidations.Change(change.getPartition(), change.getSequence(),
          key.isEmpty() ? null : key.toByteArray()));
    }
    List<HotInvalidations.Sequence> sequences = new ArrayList<>(message.getSequencesCount());
    for (HotSequence sequence : message.getSequencesList()) {
      sequences.add(new HotInvalidations.Sequence(sequence.getPartition(), sequence.getSequence()));
    }
    return new HotInvalidations(Headers.cacheId(message.getHeader()), message.getHeader().getSender(),
        message.getIncarnation(), changes, sequences);
  }
}
