package io.peanutcache.cluster.handoff;

import io.peanutcache.cluster.hosting.CacheId;
import io.peanutcache.cluster.hosting.HostedCache;
import io.peanutcache.cluster.hosting.HostedCaches;
import io.peanutcache.cluster.membership.Member;
import io.peanutcache.cluster.ring.ClusterView;
import io.peanutcache.cluster.ring.PartitionTable;
import io.peanutcache.threads.DaemonThreads;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import javax.cache.CacheException;

/**
 * A node's side of the partitions that move, with etcd membership: it takes over the partitions
 * its view gives it from their former owners, hands its own to the nodes that take them, and
 * leaves the cluster once the new owners of its partitions have them.
 *
 * <p><b>Taking over.</b> When a view gives this node partitions (its first view, a member that
 * leaves, a view that moves them), each is held in the {@link PartitionGate} before the view is
 * made current, and asked for from its former owner: the owner in the previous view, or, for the
 * first view, in the view without this node. The node first drops what it held of the partition
 * itself (it may be stale: it had it before, and others wrote since), keeps what arrives, and then
 * lets the partition's operations run. A former owner that cannot be reached (it crashed) or does
 * not answer within {@code peanutcache.handoff.timeout} leaves the partition with what arrived, and
 * its other keys are loaded again.
 *
 * <p><b>Handing over.</b> A node asked for partitions ({@link #hand}) refuses their operations from
 * then on (their senders find the new owner), waits for those under way, and has their entries
 * streamed; once they are sent ({@link #handed}) it drops them. Partitions it lost by its view and
 * nobody took are dropped after the hand-off timeout.
 *
 * <p><b>Leaving.</b> A node that stops cleanly ({@link #leave}) leaves etcd first, so that the
 * others' views move its partitions, and then waits, within the hand-off timeout, for their new
 * owners to take them; until a partition is taken it keeps serving it.
 *
 * <p>Every transfer is logged in one line: from, to, partitions, entries, bytes and time.
 */
public final class PartitionMoves implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(PartitionMoves.class.getName());

  /** How many times over a transfer follows partitions their former owner had handed on. */
  private static final int MAX_FORWARDS = 3;

  private final String self;
  private final PartitionGate gate;
  private final HostedCaches caches;
  private final BiFunction<CacheId, String, HostedCache> hosted;
  private final PartitionSource source;
  private final Executor executor;
  private final Duration timeout;
  private final Supplier<ClusterView> views;
  private final ScheduledExecutorService later;
  /** For each partition this node handed over, the member that took it; null for the others. */
  private final Member[] handedTo;
  /** The partitions this node still has to hand over before it leaves; null until it leaves. */
  private BitSet leaving; // guarded by this

  /**
   * The moves of one node.
   *
   * @param self the node's name
   * @param gate the node's gate
   * @param caches the node's caches
   * @param hosted the hosted cache of an identity, its definition fetched from the named member
   *     if this node does not host it yet; null if neither knows it
   * @param source where partitions are taken from
   * @param executor runs the transfers
   * @param timeout {@code peanutcache.handoff.timeout}
   * @param views the node's current view
   */
  public PartitionMoves(String self, PartitionGate gate, HostedCaches caches,
      BiFunction<CacheId, String, HostedCache> hosted, PartitionSource source, Executor executor, Duration timeout,
      Supplier<ClusterView> views) {
    this.self = self;
    this.gate = gate;
    this.caches = caches;
    this.hosted = hosted;
    this.source = source;
    this.executor = executor;
    this.timeout = timeout;
    this.views = views;
    this.handedTo = new Member[gate.partitionCount()];
    this.later = Executors.newSingleThreadScheduledExecutor(new DaemonThreads("peanutcache-moves-" + self));
  }

  /**
   * Holds the partitions {@code next} gives this node; call before {@code next} becomes the node's
   * view, and run what it returns once it has: that takes them over from their former owners.
   * Partitions it loses are dropped after the hand-off timeout if nobody has taken them by then.
   *
   * @param previous the node's view until now, or null for its first
   * @param next the view about to become current
   * @return starts the transfers
   */
  public Runnable viewChanging(ClusterView previous, ClusterView next) {
    PartitionTable without = previous == null ? tableWithoutSelf(next) : null;
    Map<String, List<Integer>> gained = new LinkedHashMap<>();
    Map<String, Member> takers = new LinkedHashMap<>();
    BitSet lost = new BitSet(next.partitionCount());
    for (int partition = 0; partition < next.partitionCount(); partition++) {
      boolean ownsNow = next.ownsPartition(partition);
      String before = previous != null ? previous.ownerOf(partition).name()
          : without == null ? self : without.ownerOf(partition);
      Member taker = before.equals(self) ? takerOf(partition) : null;
      if (ownsNow && taker != null) {
        // this node's views say it kept the partition, but it handed it over by a view it did not
        // see, or has left behind: the taker has it now
        before = taker.name();
        takers.put(taker.name(), taker);
      }
      if (ownsNow && !before.equals(self)) {
        gained.computeIfAbsent(before, name -> new ArrayList<>()).add(partition);
      } else if (!ownsNow && before.equals(self)) {
        lost.set(partition);
      }
    }
    List<Runnable> transfers = new ArrayList<>();
    for (Map.Entry<String, List<Integer>> share : gained.entrySet()) {
      Member from = previous != null && previous.member(share.getKey()) != null
          ? previous.member(share.getKey())
          : next.member(share.getKey()) != null ? next.member(share.getKey()) : takers.get(share.getKey());
      int[] partitions = share.getValue().stream().mapToInt(Integer::intValue).toArray();
      int[] expectations = new int[partitions.length];
      for (int i = 0; i < partitions.length; i++) {
        expectations[i] = gate.expect(partitions[i]);
      }
      forgetTakers(partitions);
      if (from == null) {
        // the member that took them is in neither view: it is gone, and so are their entries
        transfers.add(() -> {
          drop(bits(partitions, next.partitionCount()), next);
          arrived(partitions, expectations);
        });
        continue;
      }
      transfers.add(() -> {
        try {
          executor.execute(() -> takeOver(from, previous, next, partitions, expectations));
        } catch (RejectedExecutionException stopping) {
          arrived(partitions, expectations);
        }
      });
    }
    if (!lost.isEmpty()) {
      try {
        later.schedule(() -> dropIfNotOwned(lost), timeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (RejectedExecutionException stopping) {
        // the node stops: its caches close
      }
    }
    return () -> transfers.forEach(Runnable::run);
  }

  /** The partition table of {@code view}'s members but this node; null if it is alone. */
  private PartitionTable tableWithoutSelf(ClusterView view) {
    List<String> others = view.peers().stream().map(Member::name).toList();
    return others.isEmpty() ? null : PartitionTable.of(others, view.partitionCount());
  }

  private void takeOver(Member from, ClusterView previous, ClusterView view, int[] partitions, int[] expectations) {
    try {
      drop(bits(partitions, view.partitionCount()), view);
      transfer(from, previous, view, partitions, MAX_FORWARDS);
    } finally {
      arrived(partitions, expectations);
    }
  }

  /**
   * Takes {@code partitions} from {@code from}, and those it had handed to another member from
   * that member, at most {@code forwards} times over.
   */
  private void transfer(Member from, ClusterView previous, ClusterView view, int[] partitions, int forwards) {
    long start = System.nanoTime();
    BitSet taken = bits(partitions, view.partitionCount());
    AtomicLong entries = new AtomicLong();
    Map<Member, List<Integer>> elsewhere = new LinkedHashMap<>();
    try {
      // a former owner still in the view may have registered before it listens: it is waited for
      BooleanSupplier starting = () -> views.get().member(from.name()) != null;
      long bytes = source.take(from, starting, view.epoch(), partitions, timeout, new PartitionSource.Batches() {
        @Override
        public void accept(CacheId id, List<HandedEntry> batch) {
          keep(id, from, batch, taken, view);
          entries.addAndGet(batch.size());
        }

        @Override
        public void forward(int partition, Member taker) {
          // only a member of this node's views is asked, at the address those views give it
          Member known = view.member(taker.name()) != null ? view.member(taker.name())
              : previous == null ? null : previous.member(taker.name());
          if (known != null && partition >= 0 && partition < view.partitionCount() && taken.get(partition)
              && !known.name().equals(self)) {
            elsewhere.computeIfAbsent(known, member -> new ArrayList<>()).add(partition);
          }
        }
      });
      LOG.log(System.Logger.Level.INFO, "node {0} took {1} partitions over from {2} at epoch {3}: {4} entries, "
          + "{5} bytes in {6} ms{7}", self, partitions.length, from.name(), view.epoch(), entries.get(), bytes,
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start),
          elsewhere.isEmpty() ? "" : "; " + elsewhere.values().stream().mapToInt(List::size).sum()
              + " of them it had handed to " + elsewhere.keySet().stream().map(Member::name).toList());
    } catch (CacheException | IllegalStateException failed) {
      LOG.log(System.Logger.Level.WARNING, "node {0} could not take {1} partitions over from {2} at epoch {3}"
          + " ({4} entries arrived in {5} ms); it serves them with what arrived, and loads the rest again: {6}",
          self, partitions.length, from.name(), view.epoch(), entries.get(),
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start), failed.getMessage());
      return;
    }
    if (forwards > 0) {
      elsewhere.forEach((taker, moved) ->
          transfer(taker, previous, view, moved.stream().mapToInt(Integer::intValue).toArray(), forwards - 1));
    }
  }

  /** Keeps the entries of one batch in the cache they belong to; each must be of the partitions asked for. */
  private void keep(CacheId id, Member from, List<HandedEntry> batch, BitSet taken, ClusterView view) {
    HostedCache cache = hosted.apply(id, from.name());
    if (cache == null) {
      throw new CacheException("cache " + id + " is known neither on " + self + " nor on " + from.name());
    }
    for (HandedEntry entry : batch) {
      int partition = view.partitionOf(entry.key());
      if (!taken.get(partition)) {
        throw new CacheException(from.name() + " handed over an entry of cache " + id + " in partition " + partition
            + ", which was not asked for; allowed: the partitions " + taken);
      }
      Object key = cache.codec().decode(entry.key());
      Object value = cache.codec().decode(entry.value());
      cache.owner().receive(key, value, entry.expiresInNanos());
    }
  }

  private void arrived(int[] partitions, int[] expectations) {
    for (int i = 0; i < partitions.length; i++) {
      gate.arrived(partitions[i], expectations[i]);
    }
  }

  /**
   * Refuses the operations on {@code partitions} from now on and waits for those under way, since
   * {@code taker} takes them over; but a partition this node handed to another member before is
   * not its to hand, and is left out.
   *
   * @param partitions the partitions asked for
   * @param taker the new owner
   * @return the partitions handed to {@code taker}, and those handed to other members before
   */
  public Handing hand(int[] partitions, Member taker) {
    List<Integer> handing = new ArrayList<>();
    Map<Integer, Member> before = new LinkedHashMap<>();
    synchronized (this) {
      for (int partition : partitions) {
        Member earlier = takerOf(partition);
        if (earlier != null && !earlier.name().equals(taker.name())) {
          before.put(partition, earlier);
        } else {
          handing.add(partition);
          handedTo[partition] = taker;
        }
      }
    }
    for (int partition : handing) {
      if (!gate.hand(partition)) {
        LOG.log(System.Logger.Level.WARNING, "node {0} hands partition {1} to {2} while operations still run on it"
            + " after {3} ms (peanutcache.handoff.timeout): what they write is not handed over", self, partition,
            taker.name(), timeout.toMillis());
      }
    }
    return new Handing(handing.stream().mapToInt(Integer::intValue).toArray(), before);
  }

  /**
   * What a node hands to a member that takes partitions over.
   *
   * @param partitions the partitions it hands now
   * @param handedBefore the partitions it had handed to other members, and to whom
   */
  public record Handing(int[] partitions, Map<Integer, Member> handedBefore) {}

  /**
   * The entries of {@code partitions} reached their new owner: drops them here, and counts them as
   * handed over if this node is leaving.
   *
   * @param partitions the partitions
   */
  public void handed(int[] partitions) {
    ClusterView view = views.get();
    drop(bits(partitions, view.partitionCount()), view);
    synchronized (this) {
      if (leaving != null) {
        for (int partition : partitions) {
          leaving.clear(partition);
        }
        notifyAll();
      }
    }
  }

  /**
   * Leaves the cluster cleanly: leaves the membership, so that the others' views give this node's
   * partitions to new owners, then waits, within the hand-off timeout, until they have taken them.
   *
   * @param view the node's view
   * @param leaveMembership leaves the membership
   */
  public void leave(ClusterView view, Runnable leaveMembership) {
    if (view.peers().isEmpty()) {
      leaveMembership.run();
      return;
    }
    long start = System.nanoTime();
    int owned;
    synchronized (this) {
      leaving = bits(view.partitionsOf(view.self()), view.partitionCount());
      owned = leaving.cardinality();
    }
    leaveMembership.run();
    long deadline = start + timeout.toNanos();
    int left;
    synchronized (this) {
      while (!leaving.isEmpty() && deadline - System.nanoTime() > 0) {
        try {
          TimeUnit.NANOSECONDS.timedWait(this, deadline - System.nanoTime());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
      left = leaving.cardinality();
    }
    long entries = left == 0 ? 0 : held(copyOf(leaving), view);
    if (left == 0) {
      LOG.log(System.Logger.Level.INFO, "node {0} left the cluster: its {1} partitions were taken over by their new"
          + " owners in {2} ms", self, owned, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    } else {
      LOG.log(System.Logger.Level.WARNING, "node {0} left the cluster: {1} of its {2} partitions were not taken over"
          + " within {3} ms (peanutcache.handoff.timeout), and their {4} entries are lost", self, left, owned,
          timeout.toMillis(), entries);
    }
  }

  private synchronized Member takerOf(int partition) {
    return gate.isHanded(partition) ? handedTo[partition] : null;
  }

  private synchronized void forgetTakers(int[] partitions) {
    for (int partition : partitions) {
      handedTo[partition] = null;
    }
  }

  private synchronized BitSet copyOf(BitSet partitions) {
    return (BitSet) partitions.clone();
  }

  /** How many entries the caches hold of {@code partitions}. */
  private long held(BitSet partitions, ClusterView view) {
    long count = 0;
    for (HostedCache cache : caches.all()) {
      var entries = cache.owner().held(key -> partitions.get(view.partitionOf(cache.codec().encode(key))));
      while (entries.hasNext()) {
        entries.next();
        count++;
      }
    }
    return count;
  }

  /** Drops the entries of the partitions of {@code lost} this node does not own by its view now. */
  private void dropIfNotOwned(BitSet lost) {
    ClusterView view = views.get();
    BitSet drop = (BitSet) lost.clone();
    for (int partition = drop.nextSetBit(0); partition >= 0; partition = drop.nextSetBit(partition + 1)) {
      if (view.ownsPartition(partition)) {
        drop.clear(partition);
      }
    }
    drop(drop, view);
  }

  /** Drops, without events, every entry of {@code partitions} in every cache. */
  private void drop(BitSet partitions, ClusterView view) {
    dropPartitions(caches, partitions, view);
  }

  /**
   * Drops, without events, every entry of {@code partitions} in every cache of a node.
   *
   * @param caches the node's caches
   * @param partitions the partitions
   * @param view the view whose partitioning places the keys
   * @return how many entries were dropped
   */
  public static int dropPartitions(HostedCaches caches, BitSet partitions, ClusterView view) {
    int dropped = 0;
    if (partitions.isEmpty()) {
      return dropped;
    }
    for (HostedCache cache : caches.all()) {
      dropped += cache.owner().dropEntries(key -> partitions.get(view.partitionOf(cache.codec().encode(key))));
    }
    return dropped;
  }

  private static BitSet bits(int[] partitions, int count) {
    BitSet bits = new BitSet(count);
    Arrays.stream(partitions).forEach(bits::set);
    return bits;
  }

  @Override
  public void close() {
    later.shutdownNow();
  }
}
