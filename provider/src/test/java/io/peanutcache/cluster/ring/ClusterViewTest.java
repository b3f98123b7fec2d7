package io.peanutcache.cluster.ring;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.peanutcache.cluster.membership.Member;
import io.peanutcache.cluster.membership.MembershipView;
import io.peanutcache.codec.ValueCodec;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Since which epoch a view says each partition has had its owner, and where a key is placed. */
class ClusterViewTest {

  private static final int PARTITIONS = 64;
  private static final Member A = new Member("a", "10.0.0.1:7070");
  private static final Member B = new Member("b", "10.0.0.2:7070");
  private static final Member C = new Member("c", "10.0.0.3:7070");

  private static MembershipView members(long epoch, Member... members) {
    return new MembershipView(epoch, List.of(members));
  }

  @Test
  void anAsciiStringKeyIsPlacedAsItsEncodingIs() {
    ClusterView view = ClusterView.of(members(7, A, B, C), "a", 271);
    ValueCodec codec = new ValueCodec(ClusterViewTest.class.getClassLoader());

    for (int i = 0; i < 10_000; i++) {
      String key = (i % 3 == 0 ? "key-" : i % 3 == 1 ? "user:profile:" : "a-much-longer-key-of-some-session/") + i;
      assertTrue(ValueCodec.isAsciiString(key));
      assertEquals(view.partitionOf(codec.encode(key)), view.partitionOfTaggedAscii(ValueCodec.STRING_TAG, key),
          key);
    }
  }

  @Test
  void onlyAStringOfAsciiCharsCountsAsAsciiString() {
    assertAll(
        () -> assertTrue(ValueCodec.isAsciiString("")),
        () -> assertTrue(ValueCodec.isAsciiString("key-1 ~\u007F")),
        () -> assertFalse(ValueCodec.isAsciiString("caf\u00E9")),
        () -> assertFalse(ValueCodec.isAsciiString("\uD83D\uDE00")),
        () -> assertFalse(ValueCodec.isAsciiString(42L)),
        () -> assertFalse(ValueCodec.isAsciiString(null)));
  }

  @Test
  void aFirstViewDatesEveryPartitionAtItsOwnEpoch() {
    ClusterView first = ClusterView.of(members(7, A, B), "a", PARTITIONS);

    for (int partition = 0; partition < PARTITIONS; partition++) {
      assertEquals(7, first.ownedSince(partition));
    }
  }

  @Test
  void aPartitionThatKeepsItsOwnerKeepsItsEpochAndOneThatMovesTakesTheNewOne() {
    ClusterView first = ClusterView.of(members(7, A, B), "a", PARTITIONS);
    ClusterView joined = first.next(members(9, A, B, C));
    ClusterView sameMembers = joined.next(members(12, A, B, C));

    int moved = 0;
    for (int partition = 0; partition < PARTITIONS; partition++) {
      boolean stayed = first.ownerOf(partition).equals(joined.ownerOf(partition));
      assertEquals(stayed ? 7 : 9, joined.ownedSince(partition), "partition " + partition);
      assertEquals(joined.ownedSince(partition), sameMembers.ownedSince(partition),
          "a newer epoch with the same members moves nothing");
      moved += stayed ? 0 : 1;
    }
    assertTrue(moved > 0, "a join moves some partitions");
  }

  @Test
  void aPartitionThatMovesAwayAndBackDatesFromItsReturn() {
    ClusterView first = ClusterView.of(members(7, A, B), "a", PARTITIONS);
    ClusterView joined = first.next(members(9, A, B, C));
    ClusterView left = joined.next(members(11, A, B));
    int partition = partitionOwnedBy(joined, C);

    assertEquals(first.ownerOf(partition), left.ownerOf(partition), "the same members, the same owner");
    assertEquals(11, left.ownedSince(partition));
  }

  @Test
  void anOwnerServesASenderWhoseViewKnowsItsOwnership() {
    ClusterView first = ClusterView.of(members(7, A, B), "a", PARTITIONS);
    ClusterView left = first.next(members(9, A, B, C)).next(members(11, A, B));
    int returned = -1;
    int kept = -1;
    for (int partition = 0; partition < PARTITIONS; partition++) {
      if (left.ownsPartition(partition) && left.ownedSince(partition) == 11) {
        returned = partition;
      } else if (left.ownsPartition(partition) && left.ownedSince(partition) == 7) {
        kept = partition;
      }
    }
    assertTrue(returned >= 0 && kept >= 0, "a owns a partition it got back and one it kept");

    assertFalse(left.ownsPartitionSince(returned, 7), "a sender of epoch 7 does not know it moved and came back");
    assertFalse(left.ownsPartitionSince(returned, 10));
    assertTrue(left.ownsPartitionSince(returned, 11));
    assertTrue(left.ownsPartitionSince(returned, 20), "a sender ahead of this view");
    assertTrue(left.ownsPartitionSince(kept, 7));
    assertFalse(left.ownsPartitionSince(partitionOwnedBy(left, B), 11), "a partition of another member");
  }

  @Test
  void aViewFollowsOnlyAnOlderOne() {
    ClusterView view = ClusterView.of(members(7, A, B), "a", PARTITIONS);

    IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class, () -> view.next(members(7, A)));
    assertTrue(thrown.getMessage().contains("epoch 7"), thrown.getMessage());
  }

  private static int partitionOwnedBy(ClusterView view, Member member) {
    return view.partitionsOf(member)[0];
  }
}
