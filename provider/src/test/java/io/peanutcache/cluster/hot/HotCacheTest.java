package io.peanutcache.cluster.hot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.peanutcache.cluster.hosting.CacheId;
import io.peanutcache.cluster.membership.Member;
import io.peanutcache.cluster.membership.MembershipView;
import io.peanutcache.cluster.peers.HotInvalidations;
import io.peanutcache.cluster.peers.HotStamp;
import io.peanutcache.cluster.ring.ClusterView;
import io.peanutcache.codec.ValueCodec;
import io.peanutcache.testing.FakeTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * One node's hot copies, fed with owners' replies and batches by hand: which copies it keeps,
 * which it drops, and for how long it serves them.
 */
class HotCacheTest {

  private static final int PARTITIONS = 271;
  private static final long INCARNATION = 42;
  private static final long MAXIMUM_AGE = Duration.ofSeconds(10).toNanos();
  private static final CacheId CACHE = new CacheId("urn:test", "hot");

  private final ValueCodec codec = new ValueCodec(HotCacheTest.class.getClassLoader());
  private final FakeTime time = new FakeTime();
  private final AtomicReference<ClusterView> view = new AtomicReference<>(view("a", "b", "c"));
  private final HotCache hot = new HotCache(1_000, MAXIMUM_AGE, codec, time, view::get, PARTITIONS);

  private static ClusterView view(String... members) {
    List<Member> list = new ArrayList<>();
    for (String name : members) {
      list.add(new Member(name, name));
    }
    return ClusterView.of(new MembershipView(members.length, list), "a", PARTITIONS);
  }

  private int partition(String key) {
    return view.get().partitionOf(codec.encode(key));
  }

  /** {@code count} keys owned by {@code owner} in one partition. */
  private List<String> keysInOnePartition(String owner, int count) {
    for (int p = 0; p < PARTITIONS; p++) {
      if (!view.get().ownerOf(p).name().equals(owner)) {
        continue;
      }
      List<String> keys = new ArrayList<>();
      for (int i = 0; i < 200_000 && keys.size() < count; i++) {
        if (partition("key-" + i) == p) {
          keys.add("key-" + i);
        }
      }
      if (keys.size() == count) {
        return keys;
      }
    }
    throw new IllegalStateException("no partition of " + owner + " has " + count + " keys");
  }

  private static HotStamp stamp(long sequence, long expiresIn) {
    return new HotStamp(INCARNATION, sequence, expiresIn);
  }

  private void fill(String key, String value, long sequence) {
    fill(key, value, stamp(sequence, Long.MAX_VALUE), time.nanos());
  }

  private void fill(String key, String value, HotStamp stamp, long sentAt) {
    hot.fill(key, codec.encode(key), partition(key), view.get(), codec.encode(value), stamp, sentAt);
  }

  private static Batch batchFrom(String sender) {
    return new Batch(sender);
  }

  private static HotInvalidations.Change change(int partition, long sequence, byte[] key) {
    return new HotInvalidations.Change(partition, sequence, key);
  }

  private HotInvalidations.Change change(String key, long sequence) {
    return change(partition(key), sequence, codec.encode(key));
  }

  /** A batch as an owner would send it. */
  private static final class Batch {
    private final String sender;
    private long incarnation = INCARNATION;
    private final List<HotInvalidations.Change> changes = new ArrayList<>();
    private final List<HotInvalidations.Sequence> sequences = new ArrayList<>();

    Batch(String sender) {
      this.sender = sender;
    }

    Batch setIncarnation(long incarnation) {
      this.incarnation = incarnation;
      return this;
    }

    Batch addChanges(HotInvalidations.Change change) {
      changes.add(change);
      return this;
    }

    Batch addSequences(int partition, long sequence) {
      sequences.add(new HotInvalidations.Sequence(partition, sequence));
      return this;
    }

    HotInvalidations build() {
      return new HotInvalidations(CACHE, sender, incarnation, changes, sequences);
    }
  }

  @Test
  void servesACopyAsANewObjectUntilItsMaximumAge() {
    fill("key-1", "one", 5);
    assertEquals("one", hot.get("key-1"));
    time.advance(Duration.ofNanos(MAXIMUM_AGE - 1));
    assertEquals("one", hot.get("key-1"));
    time.advance(Duration.ofNanos(1));
    assertNull(hot.get("key-1"), "a copy is not served once its maximum age is reached");
  }

  @Test
  void neverServesACopyPastItsEntrysExpiry() {
    fill("key-1", "one", stamp(5, 1_000), time.nanos());
    time.advance(Duration.ofNanos(999));
    assertEquals("one", hot.get("key-1"));
    time.advance(Duration.ofNanos(1));
    assertNull(hot.get("key-1"));
  }

  @Test
  void countsTheAgeFromBeforeTheRequestWasSent() {
    long sentAt = time.nanos();
    time.advance(Duration.ofSeconds(4));
    fill("key-1", "one", stamp(5, Long.MAX_VALUE), sentAt);
    time.advance(Duration.ofSeconds(6));
    assertNull(hot.get("key-1"));
  }

  @Test
  void aChangeOfTheKeyDropsItsCopyAndOnlyIt() {
    List<String> keys = keysInOnePartition("b", 2);
    fill(keys.get(0), "zero", 5);
    fill(keys.get(1), "one", 5);
    hot.apply(batchFrom("b").addChanges(change(keys.get(0), 6)).build());
    assertNull(hot.get(keys.get(0)));
    assertEquals("one", hot.get(keys.get(1)), "the next change in sequence drops only its key");
  }

  @Test
  void aChangeTheCopyAlreadyReflectsLeavesItAlone() {
    List<String> keys = keysInOnePartition("b", 1);
    fill(keys.get(0), "new", 6);
    hot.apply(batchFrom("b").addChanges(change(keys.get(0), 6)).build());
    assertEquals("new", hot.get(keys.get(0)), "the owner read the value after change 6");
    hot.apply(batchFrom("b").addChanges(change(keys.get(0), 7)).build());
    assertNull(hot.get(keys.get(0)));
  }

  @Test
  void aGapInThePartitionsSequenceDropsEveryCopyOfThePartition() {
    List<String> keys = keysInOnePartition("b", 3);
    String elsewhere = keysInOnePartition("c", 1).get(0);
    fill(keys.get(0), "zero", 5);
    fill(keys.get(1), "one", 5);
    fill(elsewhere, "other", 9);
    // change 6 was lost: 7 is not the next one
    hot.apply(batchFrom("b").addChanges(change(keys.get(2), 7)).build());
    assertNull(hot.get(keys.get(0)));
    assertNull(hot.get(keys.get(1)));
    assertEquals("other", hot.get(elsewhere), "other partitions keep their copies");
  }

  @Test
  void aHeartbeatAheadOfTheLastSequenceSeenDropsThePartition() {
    List<String> keys = keysInOnePartition("b", 1);
    int partition = partition(keys.get(0));
    fill(keys.get(0), "zero", 5);
    hot.apply(batchFrom("b").addSequences(partition, 5).build());
    assertEquals("zero", hot.get(keys.get(0)), "a heartbeat that matches changes nothing");
    hot.apply(batchFrom("b").addSequences(partition, 6).build());
    assertNull(hot.get(keys.get(0)), "a heartbeat ahead of what was seen reveals a lost change");
  }

  @Test
  void aFillThatRacedWithAChangeOfItsPartitionIsNotKept() {
    List<String> keys = keysInOnePartition("b", 3);
    fill(keys.get(0), "zero", 5);
    hot.apply(batchFrom("b").addChanges(change(keys.get(1), 6)).build());
    // the owner read this value at sequence 5, before change 6, which may have been about it
    fill(keys.get(2), "two", 5);
    assertNull(hot.get(keys.get(2)));
    fill(keys.get(2), "two", 6);
    assertEquals("two", hot.get(keys.get(2)));
  }

  @Test
  void aClearedPartitionLosesEveryCopy() {
    List<String> keys = keysInOnePartition("b", 2);
    fill(keys.get(0), "zero", 5);
    fill(keys.get(1), "one", 5);
    hot.apply(batchFrom("b").addChanges(change(partition(keys.get(0)), 6, null)).build());
    assertNull(hot.get(keys.get(0)));
    assertNull(hot.get(keys.get(1)));
  }

  @Test
  void anotherIncarnationOfTheOwnerDropsThePartition() {
    List<String> keys = keysInOnePartition("b", 2);
    fill(keys.get(0), "zero", 5);
    fill(keys.get(1), "one", 5);
    hot.apply(batchFrom("b").setIncarnation(INCARNATION + 1).addChanges(change(keys.get(1), 1)).build());
    assertNull(hot.get(keys.get(0)), "sequences of a restarted owner say nothing of older copies");
  }

  @Test
  void aChangeFromANodeThatDoesNotOwnThePartitionStillDropsTheKey() {
    List<String> keys = keysInOnePartition("b", 2);
    fill(keys.get(0), "zero", 5);
    fill(keys.get(1), "one", 5);
    hot.apply(batchFrom("c").addChanges(change(keys.get(0), 100)).build());
    assertNull(hot.get(keys.get(0)));
    assertEquals("one", hot.get(keys.get(1)), "its numbering is not the owner's, so no gap is seen");
  }

  @Test
  void aFillRoutedByAViewThatIsNoLongerCurrentIsNotKept() {
    ClusterView before = view.get();
    view.set(view("a", "b"));
    String key = "key-1";
    hot.fill(key, codec.encode(key), before.partitionOf(codec.encode(key)), before, codec.encode("one"), stamp(5, Long.MAX_VALUE),
        time.nanos());
    assertFalse(hot.holds(key));
  }

  @Test
  void aMembershipChangeDropsTheCopiesOfMovedPartitionsOnly() {
    ClusterView before = view.get();
    List<String> kept = new ArrayList<>();
    List<String> moved = new ArrayList<>();
    ClusterView after = view("a", "b");
    // fewer copies than the bound of 1,000, so that none is evicted
    for (int i = 0; i < 900; i++) {
      String key = "key-" + i;
      int p = before.partitionOf(codec.encode(key));
      if (before.ownsPartition(p)) {
        continue;
      }
      fill(key, "value-" + i, 1);
      (before.ownerOf(p).name().equals(after.ownerOf(p).name()) ? kept : moved).add(key);
    }
    assertFalse(moved.isEmpty());
    assertFalse(kept.isEmpty());
    view.set(after);
    hot.viewChanged(before, after);
    for (String key : moved) {
      assertFalse(hot.holds(key), key + " moved from " + before.ownerOf(before.partitionOf(codec.encode(key))).name());
    }
    for (String key : kept) {
      assertTrue(hot.holds(key), key + " did not move");
    }
  }

  @Test
  void keepsNoCopyWhenTheOwnerKeepsNoSequences() {
    fill("key-1", "one", new HotStamp(0, 0, 0), time.nanos());
    assertFalse(hot.holds("key-1"));
  }
}
