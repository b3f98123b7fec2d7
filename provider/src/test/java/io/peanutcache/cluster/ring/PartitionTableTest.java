package io.peanutcache.cluster.ring;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** What every node relies on when it looks up a key's owner. */
class PartitionTableTest {

  @Test
  void theSameMembersInAnyOrderGiveEqualTables() {
    PartitionTable sorted = PartitionTable.of(List.of("a", "b", "c", "d", "e"));
    PartitionTable shuffled = PartitionTable.of(List.of("d", "b", "e", "a", "c"));
    PartitionTable fromASet =
        PartitionTable.of(new LinkedHashSet<>(List.of("e", "c", "a", "d", "b")));

    assertEquals(sorted, shuffled);
    assertEquals(sorted, fromASet);
    assertEquals(sorted.hashCode(), shuffled.hashCode());
    for (int partition = 0; partition < sorted.partitionCount(); partition++) {
      assertEquals(sorted.ownerOf(partition), shuffled.ownerOf(partition));
    }
  }

  @Test
  void differentMembersOrPartitionCountsGiveDifferentTables() {
    PartitionTable table = PartitionTable.of(List.of("a", "b", "c"));

    assertNotEquals(table, PartitionTable.of(List.of("a", "b", "d")));
    assertNotEquals(table, PartitionTable.of(List.of("a", "b", "c"), 270));
  }

  @Test
  void membersAreSortedByName() {
    PartitionTable table = PartitionTable.of(List.of("node-b", "node-c", "node-a"));

    assertEquals(List.of("node-a", "node-b", "node-c"), table.members());
    assertThrows(UnsupportedOperationException.class, () -> table.members().add("node-d"));
  }

  @Test
  void theDefaultPartitionCountIs271() {
    assertEquals(271, PartitionTable.of(List.of("a")).partitionCount());
  }

  @Test
  void aSingleMemberOwnsEveryPartition() {
    PartitionTable table = PartitionTable.of(List.of("alone"), 271);

    assertArrayEquals(IntStream.range(0, 271).toArray(), table.partitionsOwnedBy("alone"));
    assertEquals("alone", table.ownerOfKey(utf8("any key")));
  }

  @Test
  void everyPartitionHasExactlyOneOwnerAmongTheMembers() {
    PartitionTable table = PartitionTable.of(List.of("a", "b", "c", "d"), 271);

    List<Integer> seen = new ArrayList<>();
    for (String member : table.members()) {
      int[] owned = table.partitionsOwnedBy(member);
      for (int partition : owned) {
        assertEquals(member, table.ownerOf(partition));
        seen.add(partition);
      }
      assertArrayEquals(IntStream.of(owned).sorted().toArray(), owned, "ascending order");
    }
    assertEquals(271, seen.size());
    assertEquals(271, seen.stream().distinct().count());
  }

  @Test
  void aNameThatIsNotAMemberOwnsNothing() {
    assertArrayEquals(new int[0], PartitionTable.of(List.of("a", "b")).partitionsOwnedBy("z"));
  }

  @Test
  void withMoreMembersThanPartitionsEachMemberOwnsAtMostOne() {
    PartitionTable table = PartitionTable.of(List.of("a", "b", "c", "d", "e"), 3);

    long owning = table.members().stream()
        .filter(member -> table.partitionsOwnedBy(member).length == 1)
        .count();
    assertEquals(3, owning);
  }

  @Test
  void ownerOfKeyIsTheOwnerOfTheKeysPartition() {
    PartitionTable table = PartitionTable.of(List.of("n1", "n2", "n3", "n4", "n5"), 271);

    for (int i = 0; i < 1_000; i++) {
      byte[] key = utf8("key-" + i);
      assertEquals(table.ownerOf(table.partitionOf(key)), table.ownerOfKey(key));
    }
  }

  @Test
  void aKeysPartitionIsItsHashModuloThePartitionCountWhateverTheMembers() {
    byte[] key = utf8("user:42");
    long hash = XxHash64.hash(key);

    assertEquals(
        Long.remainderUnsigned(hash, 271), PartitionTable.of(List.of("a")).partitionOf(key));
    assertEquals(
        Long.remainderUnsigned(hash, 271), PartitionTable.of(List.of("x", "y")).partitionOf(key));
    assertEquals(
        Long.remainderUnsigned(hash, 7), PartitionTable.of(List.of("a"), 7).partitionOf(key));
  }

  @Test
  void threeMembersShareTenThousandKeysEvenly() {
    PartitionTable table = PartitionTable.of(List.of("node-1", "node-2", "node-3"));
    Map<String, Integer> keysOwned = new HashMap<>();

    for (int i = 0; i < 10_000; i++) {
      keysOwned.merge(table.ownerOfKey(utf8("key-" + i)), 1, Integer::sum);
    }

    System.out.println("10,000 keys over 3 members: " + keysOwned);
    assertEquals(3, keysOwned.size());
    for (Map.Entry<String, Integer> owned : keysOwned.entrySet()) {
      assertTrue(owned.getValue() >= 2_800 && owned.getValue() <= 3_900,
          owned.getKey() + " owns " + owned.getValue() + " of 10,000 keys");
    }
  }

  @Test
  void partitionsAndOwnersNeverChangeForTheSameKeysAndMembers() {
    // Nodes of different PeanutCache versions must agree on owners: these values never change.
    PartitionTable table = PartitionTable.of(List.of("node-1", "node-2", "node-3"));

    assertAll(
        () -> assertEquals(167, table.partitionOf(utf8("key-0"))),
        () -> assertEquals(235, table.partitionOf(utf8("key-1"))),
        () -> assertEquals(
            List.of("node-2", "node-1", "node-1", "node-3", "node-3", "node-1",
                "node-1", "node-2", "node-1", "node-1", "node-1", "node-3"),
            IntStream.range(0, 12).mapToObj(table::ownerOf).toList()));
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
