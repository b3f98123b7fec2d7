package io.peanutcache.cluster.ring;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * No member owns much more than its share of the partitions: with 271 partitions and 3 to 10
 * members the largest owner holds at most 1.15 times the mean, and never more than {@code
 * ceil(partitions / members)}.
 */
class PartitionBalanceTest {

  private static final int PARTITIONS = PartitionTable.DEFAULT_PARTITION_COUNT;

  @Test
  void theLargestOwnerHoldsAtMostAFifteenPercentExcessForThreeToTenMembers() {
    StringBuilder report = new StringBuilder("balance, 271 partitions (max / mean owned):\n");
    for (int n = 3; n <= 10; n++) {
      PartitionTable table = PartitionTable.of(named("node-", n));

      double mean = (double) PARTITIONS / n;
      int max = mostOwned(table);
      report.append(String.format("  N=%2d  max=%3d  mean=%6.2f  max/mean=%.3f%n",
          n, max, mean, max / mean));

      assertTrue(max / mean <= 1.15, n + " members: the largest owns " + max + ", mean " + mean);
    }
    System.out.print(report);
  }

  @Test
  void noMemberOwnsMoreThanItsShareRoundedUp() {
    for (String prefix : List.of("node-", "10.0.0.", "cache-")) {
      for (int partitions : new int[] {1, 7, 271, 1024}) {
        for (int n = 1; n <= 12; n++) {
          PartitionTable table = PartitionTable.of(named(prefix, n), partitions);

          int share = (partitions + n - 1) / n;
          int max = mostOwned(table);
          assertTrue(max <= share, n + " members named " + prefix + "*, " + partitions
              + " partitions: one owns " + max + ", more than " + share);
        }
      }
    }
  }

  private static int mostOwned(PartitionTable table) {
    int max = 0;
    for (String member : table.members()) {
      max = Math.max(max, table.partitionsOwnedBy(member).length);
    }
    return max;
  }

  private static List<String> named(String prefix, int n) {
    List<String> members = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      members.add(prefix + i);
    }
    return members;
  }
}
