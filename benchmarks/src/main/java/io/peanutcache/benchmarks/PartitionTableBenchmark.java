package io.peanutcache.benchmarks;

import io.peanutcache.cluster.membership.Member;
import io.peanutcache.cluster.membership.MembershipView;
import io.peanutcache.cluster.ring.ClusterView;
import io.peanutcache.cluster.ring.PartitionTable;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What a node computes when its membership view changes, for clusters of 3 to 1,000 members: the
 * partition table ({@link PartitionTable#of}, bounded-load rendezvous hashing of the default 271
 * partitions over the member names) and the whole next view ({@link ClusterView#next}: the table,
 * each partition's owner looked up among the members, and since when it has owned it).
 *
 * <p>{@code -p partitions=8192} measures a cluster that raised {@code peanutcache.partitions}.
 * Members are named as a static peer list names them, {@code "10.0.<i / 250>.<i % 250>:7070"}.
 * {@code viewChange} is a join: the view of {@code members - 1} members, this node among them,
 * followed by the view of {@code members}. Run with {@code -prof gc} for the bytes allocated per
 * computation ({@code gc.alloc.rate.norm}).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+UseG1GC"})
@Warmup(iterations = 3, time = 2, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 3, time = 2, timeUnit = TimeUnit.SECONDS)
@State(Scope.Benchmark)
public class PartitionTableBenchmark {

  /** The number of members of the view computed. */
  @Param({"3", "10", "100", "1000"})
  public int members;

  /** The number of partitions: the default, unless a run asks for more. */
  @Param({"271"})
  public int partitions;

  private List<String> names;
  private ClusterView before;
  private MembershipView after;

  /** Builds the member names, and the view before the join. */
  @Setup
  public void setUp() {
    List<Member> all = members(members);
    names = all.stream().map(Member::name).toList();
    before = ClusterView.of(new MembershipView(1, all.subList(0, members - 1)), all.get(0).name(),
        partitions);
    after = new MembershipView(2, all);
  }

  /**
   * {@code count} members named like the hosts and ports of a static peer list.
   *
   * @param count how many
   * @return the members, in the order of their numbers
   */
  static List<Member> members(int count) {
    List<Member> members = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      String address = "10.0." + (i / 250) + "." + (i % 250) + ":7070";
      members.add(new Member(address, address));
    }
    return members;
  }

  /** The partition table of the members. */
  @Benchmark
  public PartitionTable table() {
    return PartitionTable.of(names, partitions);
  }

  /** The view that follows a join: its table, owners and ownership epochs. */
  @Benchmark
  public ClusterView viewChange() {
    return before.next(after);
  }
}
