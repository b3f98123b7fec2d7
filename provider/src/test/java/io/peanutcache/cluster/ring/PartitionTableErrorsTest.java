package io.peanutcache.cluster.ring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A table that cannot be built is refused with a message naming the fault and what is allowed. */
class PartitionTableErrorsTest {

  @Test
  void refusesAnEmptyMemberSet() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> PartitionTable.of(List.of(), 271));

    assertMentions(e, "members is empty", "at least one member");
  }

  @Test
  void refusesAPartitionCountBelowOne() {
    IllegalArgumentException zero =
        assertThrows(IllegalArgumentException.class, () -> PartitionTable.of(List.of("a"), 0));
    IllegalArgumentException negative =
        assertThrows(IllegalArgumentException.class, () -> PartitionTable.of(List.of("a"), -5));

    assertMentions(zero, "partitionCount is 0", "from 1 to 65536");
    assertMentions(negative, "partitionCount is -5", "from 1 to 65536");
  }

  @Test
  void refusesAPartitionCountAboveTheMaximum() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> PartitionTable.of(List.of("a"), PartitionTable.MAX_PARTITION_COUNT + 1));

    assertMentions(e, "partitionCount is 65537", "from 1 to 65536");
  }

  @Test
  void acceptsTheSmallestAndLargestPartitionCounts() {
    assertEquals(1, PartitionTable.of(List.of("a", "b"), 1).partitionCount());
    assertEquals(65_536, PartitionTable.of(List.of("a", "b"), 65_536).partitionCount());
  }

  @Test
  void refusesAMemberNamedTwice() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> PartitionTable.of(List.of("node-1", "node-2", "node-1")));

    assertMentions(e, "\"node-1\" more than once", "each member name must appear once");
  }

  @Test
  void refusesNulls() {
    assertThrows(NullPointerException.class, () -> PartitionTable.of(null));
    assertThrows(NullPointerException.class, () -> PartitionTable.of(Arrays.asList("a", null)));
    PartitionTable table = PartitionTable.of(List.of("a"));
    assertThrows(NullPointerException.class, () -> table.partitionOf(null));
    assertThrows(NullPointerException.class, () -> table.ownerOfKey(null));
    assertThrows(NullPointerException.class, () -> table.partitionsOwnedBy(null));
  }

  @Test
  void refusesAPartitionOutsideTheTable() {
    PartitionTable table = PartitionTable.of(List.of("a"), 271);

    assertThrows(IndexOutOfBoundsException.class, () -> table.ownerOf(271));
    assertThrows(IndexOutOfBoundsException.class, () -> table.ownerOf(-1));
  }

  private static void assertMentions(Exception e, String... parts) {
    for (String part : parts) {
      assertTrue(e.getMessage().contains(part), () -> "\"" + e.getMessage() + "\" lacks " + part);
    }
  }
}
