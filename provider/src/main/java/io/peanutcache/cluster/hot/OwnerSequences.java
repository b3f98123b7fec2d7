package io.peanutcache.cluster.hot;

import io.peanutcache.cluster.hosting.CacheId;
import io.peanutcache.cluster.peers.HotInvalidations;
import io.peanutcache.cluster.ring.ClusterView;
import io.peanutcache.codec.ValueCodec;
import io.peanutcache.store.StoreChanges;
import io.peanutcache.threads.PressureLog;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * The owner's side of one cache's hot cache on one node: a change sequence per partition, bumped
 * once a change to an entry of that partition is visible, and the changes not yet sent.
 *
 * <p>Why the order matters: a {@code HotGet} reads the partition's sequence <em>before</em> the
 * value, and a change bumps it <em>after</em> the new value is visible. So a copy stamped with
 * sequence {@code s} reflects every change numbered up to {@code s}, and any change it may have
 * missed is numbered above {@code s} and reaches the copier as an invalidation (or as a gap).
 *
 * <p>The changes not yet sent are bounded: when {@link #MAXIMUM_PENDING} wait (the sender cannot
 * keep up), they are compacted into one change per partition that names no key, the last of that
 * partition's numbers, so that the other nodes drop every copy of those partitions and follow the
 * numbering on from there. Nothing stale is served; copies are lost instead. Logged once a minute.
 *
 * <p>Thread-safe: sequences are bumped and changes queued under this object's lock, so the
 * sequences a batch carries are exactly those of the changes it or earlier batches carried.
 */
final class OwnerSequences implements StoreChanges {

  /** At most this many changes go in one batch, which keeps messages well below gRPC's limit. */
  static final int MAXIMUM_BATCH = 4_096;

  /** At most this many changes wait to be sent (or twice the partitions, if more) before compaction. */
  static final int MAXIMUM_PENDING = 16 * MAXIMUM_BATCH;

  private static final System.Logger LOG = System.getLogger(OwnerSequences.class.getName());

  private final CacheId id;
  private final ValueCodec codec;
  private final Supplier<ClusterView> views;
  private final Runnable flushSoon;
  private final ToLongFunction<byte[]> expiresIn;
  private final long incarnation;
  private final AtomicLongArray sequences;
  /** Changes not yet drained, in sequence order per partition; guarded by this. */
  private List<HotInvalidations.Change> pending = new ArrayList<>();
  private final int maximumPending;
  private final PressureLog pressure;
  private volatile boolean closed;

  /**
   * The sequences of a cache, all 0, under a new random incarnation.
   *
   * @param id the cache
   * @param codec encodes its keys as routing does
   * @param views this node's current view (for the partition of a key and what this node owns)
   * @param partitions the number of partitions
   * @param flushSoon asks for the pending changes to be sent soon
   * @param expiresIn how long the live entry of an encoded key has left, in nanoseconds
   */
  OwnerSequences(CacheId id, ValueCodec codec, Supplier<ClusterView> views, int partitions,
      Runnable flushSoon, ToLongFunction<byte[]> expiresIn) {
    this.id = id;
    this.codec = codec;
    this.views = views;
    this.flushSoon = flushSoon;
    this.expiresIn = expiresIn;
    this.sequences = new AtomicLongArray(partitions);
    this.maximumPending = Math.max(MAXIMUM_PENDING, 2 * partitions);
    this.pressure = new PressureLog(LOG, "the hot-cache invalidations of cache " + id + " on node "
        + views.get().self().name() + " waiting to be sent were compacted into whole partitions");
    long random;
    do {
      random = ThreadLocalRandom.current().nextLong();
    } while (random == 0);
    this.incarnation = random;
  }

  CacheId id() {
    return id;
  }

  /** Identifies these sequences; never 0. */
  long incarnation() {
    return incarnation;
  }

  /** The partition's sequence: the number of changes made to it so far. */
  long sequence(int partition) {
    return sequences.get(partition);
  }

  /** How long the live entry of {@code key} (encoded) has left; 0 if it has none or is unreadable. */
  long expiresInNanos(byte[] key) {
    try {
      return expiresIn.applyAsLong(key);
    } catch (RuntimeException e) {
      return 0;
    }
  }

  @Override
  public void changed(Object key) {
    if (closed) {
      return;
    }
    byte[] bytes;
    try {
      bytes = codec.encode(key);
    } catch (RuntimeException unencodable) {
      // cannot happen for a key that reached the store through routing; be safe all the same
      cleared();
      return;
    }
    int partition = views.get().partitionOf(bytes);
    synchronized (this) {
      if (pending.size() >= maximumPending) {
        compact();
      }
      long sequence = sequences.get(partition) + 1;
      sequences.set(partition, sequence);
      pending.add(new HotInvalidations.Change(partition, sequence, bytes));
    }
    flushSoon.run();
  }

  /**
   * Replaces the pending changes by one per partition, keyless, with the partition's last number:
   * its receivers drop the whole partition. Call with this object's lock held.
   */
  private void compact() {
    int waiting = pending.size();
    Map<Integer, Long> last = new LinkedHashMap<>();
    for (HotInvalidations.Change change : pending) {
      last.put(change.partition(), change.sequence());
    }
    List<HotInvalidations.Change> whole = new ArrayList<>(last.size());
    last.forEach((partition, sequence) -> whole.add(new HotInvalidations.Change(partition, sequence, null)));
    pending = whole;
    pressure.refused(() -> waiting + " changes were waiting, the most allowed; the other nodes drop the copies of "
        + whole.size() + " partitions instead");
  }

  @Override
  public void cleared() {
    if (closed) {
      return;
    }
    synchronized (this) {
      if (pending.size() + sequences.length() > maximumPending) {
        compact();
      }
      for (int partition = 0; partition < sequences.length(); partition++) {
        long sequence = sequences.get(partition) + 1;
        sequences.set(partition, sequence);
        pending.add(new HotInvalidations.Change(partition, sequence, null));
      }
    }
    flushSoon.run();
  }

  /**
   * The next batch to send: up to {@link #MAXIMUM_BATCH} pending changes, and with
   * {@code withSequences}, once no change is left pending, the sequence of every partition this
   * node owns.
   *
   * @param view this node's view, for its name and the partitions it owns
   * @param withSequences whether the batch is a heartbeat
   * @return the batch, or null when there is nothing to send
   */
  synchronized HotInvalidations drain(ClusterView view, boolean withSequences) {
    if (pending.isEmpty() && !withSequences) {
      return null;
    }
    List<HotInvalidations.Change> changes;
    if (pending.size() <= MAXIMUM_BATCH) {
      changes = pending;
      pending = new ArrayList<>();
    } else {
      List<HotInvalidations.Change> first = pending.subList(0, MAXIMUM_BATCH);
      changes = List.copyOf(first);
      first.clear();
      return batch(view, changes, List.of());
    }
    List<HotInvalidations.Sequence> current = new ArrayList<>();
    if (withSequences) {
      for (int partition : view.partitionsOf(view.self())) {
        current.add(new HotInvalidations.Sequence(partition, sequences.get(partition)));
      }
    }
    return batch(view, changes, current);
  }

  private HotInvalidations batch(ClusterView view, List<HotInvalidations.Change> changes,
      List<HotInvalidations.Sequence> current) {
    return new HotInvalidations(id, view.self().name(), incarnation, changes, current);
  }

  /** Stops counting and queueing: the cache is gone from this node. */
  void close() {
    closed = true;
    synchronized (this) {
      pending = new ArrayList<>();
    }
  }
}
