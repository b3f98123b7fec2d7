package io.peanutcache.cluster.ring;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A join or leave moves about one member's share of the partitions. A join has to move at least
 * the new member's share, P / (N + 1), and a leave the departed member's partitions, about P / N;
 * the capacity that keeps owners balanced moves some more between members that stay. For the
 * clusters named node-1 to node-N, every join and every leave stays within 1.5 times that share
 * (the worst is 1.42). Over 1,000 clusters of random names per N the average is 1.0 to 1.4 times
 * the share and the worst single change 1.75 times, so for random names the test asserts an
 * average of at most 1.5 and a worst of at most 2.
 */
class PartitionMovementTest {

  private static final int PARTITIONS = PartitionTable.DEFAULT_PARTITION_COUNT;

  @Test
  void aJoinMovesAboutTheNewMembersShare() {
    StringBuilder report = new StringBuilder(
        "join, 271 partitions (moved; share = P/(N+1); bound = 1.5 x share):\n");
    for (int n = 3; n <= 10; n++) {
      PartitionTable before = PartitionTable.of(named(n));
      PartitionTable after = PartitionTable.of(named(n + 1));

      int moved = moved(before, after);
      double share = (double) PARTITIONS / (n + 1);
      report.append(String.format("  N=%2d -> %2d  moved=%3d  share=%5.1f  moved/share=%.2f%n",
          n, n + 1, moved, share, moved / share));

      assertTrue(moved >= after.partitionsOwnedBy("node-" + (n + 1)).length);
      assertTrue(moved <= 1.5 * share, n + " members, one joins: " + moved + " partitions moved");
    }
    System.out.print(report);
  }

  @Test
  void aLeaveMovesAboutTheDepartedMembersShare() {
    StringBuilder report = new StringBuilder(
        "leave, 271 partitions, each member leaving in turn"
            + " (moved; share = P/N; bound = 1.5 x share):\n");
    for (int n = 3; n <= 10; n++) {
      List<String> members = named(n);
      PartitionTable before = PartitionTable.of(members);
      double share = (double) PARTITIONS / n;

      int most = 0;
      int total = 0;
      for (String leaving : members) {
        List<String> staying = new ArrayList<>(members);
        staying.remove(leaving);
        int moved = moved(before, PartitionTable.of(staying));

        most = Math.max(most, moved);
        total += moved;
        assertTrue(moved >= before.partitionsOwnedBy(leaving).length);
        assertTrue(moved <= 1.5 * share,
            n + " members, " + leaving + " leaves: " + moved + " partitions moved");
      }
      report.append(String.format(
          "  N=%2d -> %2d  moved: mean=%5.1f max=%3d  share=%5.1f  max/share=%.2f%n",
          n, n - 1, (double) total / n, most, share, most / share));
    }
    System.out.print(report);
  }

  @Test
  void clustersOfRandomNamesMoveAboutOneShareOnAverage() {
    Random random = new Random(271);
    StringBuilder report = new StringBuilder(
        "40 clusters of random names per N (moved / share: mean, max):\n");
    for (int n = 3; n <= 10; n++) {
      double joinSum = 0;
      double joinMax = 0;
      double leaveSum = 0;
      double leaveMax = 0;
      for (int cluster = 0; cluster < 40; cluster++) {
        List<String> members = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          members.add("node-" + Long.toHexString(random.nextLong()));
        }
        PartitionTable table = PartitionTable.of(members);

        List<String> joined = new ArrayList<>(members);
        joined.add("node-" + Long.toHexString(random.nextLong()));
        double join = moved(table, PartitionTable.of(joined)) / ((double) PARTITIONS / (n + 1));
        List<String> left = new ArrayList<>(members);
        left.remove(random.nextInt(n));
        double leave = moved(table, PartitionTable.of(left)) / ((double) PARTITIONS / n);

        joinSum += join;
        joinMax = Math.max(joinMax, join);
        leaveSum += leave;
        leaveMax = Math.max(leaveMax, leave);
      }
      report.append(String.format("  N=%2d  join %.2f, %.2f   leave %.2f, %.2f%n",
          n, joinSum / 40, joinMax, leaveSum / 40, leaveMax));

      assertTrue(joinSum / 40 <= 1.5 && leaveSum / 40 <= 1.5, n + " members: mean movement");
      assertTrue(joinMax <= 2.0 && leaveMax <= 2.0, n + " members: worst movement");
    }
    System.out.print(report);
  }

  private static int moved(PartitionTable before, PartitionTable after) {
    int moved = 0;
    for (int partition = 0; partition < PARTITIONS; partition++) {
      if (!before.ownerOf(partition).equals(after.ownerOf(partition))) {
        moved++;
      }
    }
    return moved;
  }

  private static List<String> named(int n) {
    List<String> members = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      members.add("node-" + i);
    }
    return members;
  }
}
