package io.peanutcache.cluster.hot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.peanutcache.cluster.hosting.CacheId;
import io.peanutcache.cluster.membership.Member;
import io.peanutcache.cluster.membership.MembershipView;
import io.peanutcache.cluster.peers.HotInvalidations;
import io.peanutcache.cluster.ring.ClusterView;
import io.peanutcache.codec.ValueCodec;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The owner's side of a hot cache when its changes are not sent as fast as they come: the changes
 * waiting are bounded, and compacting them keeps the numbering every receiver follows.
 */
class OwnerSequencesTest {

  private static final int PARTITIONS = 271;
  private final ValueCodec codec = new ValueCodec(OwnerSequencesTest.class.getClassLoader());
  private final ClusterView view = ClusterView.of(new MembershipView(1, List.of(new Member("a", "a"))), "a",
      PARTITIONS);
  private final OwnerSequences sequences = new OwnerSequences(new CacheId("urn:test", "hot"), codec, () -> view,
      PARTITIONS, () -> { }, key -> 0);

  @Test
  void changesThatAreNotSentAreCompactedIntoWholePartitionsWithTheirLastNumbers() {
    int changes = OwnerSequences.MAXIMUM_PENDING + 1;
    for (int i = 0; i < changes; i++) {
      sequences.changed("key-" + i);
    }

    Map<Integer, Long> last = new HashMap<>();
    int drained = 0;
    int keyless = 0;
    for (HotInvalidations batch = sequences.drain(view, false); batch != null; batch = sequences.drain(view, false)) {
      for (HotInvalidations.Change change : batch.changes()) {
        drained++;
        keyless += change.key() == null ? 1 : 0;
        Long before = last.put(change.partition(), change.sequence());
        assertTrue(before == null || before < change.sequence(), "numbers rise within a partition");
      }
      if (batch.changes().isEmpty()) {
        break;
      }
    }

    assertTrue(drained <= PARTITIONS + 1, drained + " changes waited for " + changes + " made");
    assertEquals(drained - 1, keyless, "every compacted change names no key: its whole partition");
    for (int partition = 0; partition < PARTITIONS; partition++) {
      assertEquals(sequences.sequence(partition), last.getOrDefault(partition, 0L),
          "the receivers follow partition " + partition + " on from its last number");
    }
    assertNull(sequences.drain(view, false));
  }
}
