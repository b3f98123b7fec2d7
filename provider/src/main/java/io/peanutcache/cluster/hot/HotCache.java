package io.peanutcache.cluster.hot;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.peanutcache.cluster.peers.HotInvalidations;
import io.peanutcache.cluster.peers.HotStamp;
import io.peanutcache.cluster.ring.ClusterView;
import io.peanutcache.codec.ValueCodec;
import io.peanutcache.store.TimeSource;
import java.util.function.Supplier;

/**
 * One node's hot copies of one cache's entries that other nodes own: a bounded map from key to
 * encoded value, filled by remote gets and emptied by the owners' invalidations.
 *
 * <p>Per partition it remembers whose sequences it follows (the owner's incarnation) and the last
 * sequence it has seen. An owner numbers its changes of a partition 1, 2, 3…; a change whose
 * number is not the next one, or a heartbeat whose number is above the last one seen, means
 * changes were lost, so every copy of the partition is dropped. A copy is installed only if the
 * owner read it at a sequence no older than the last one seen: otherwise a change seen since may
 * be about its key (the fill raced with an invalidation). A change numbered at or below the
 * sequence a copy was read at leaves that copy alone, since the copy already reflects it. Every copy also carries a deadline, the
 * earlier of its maximum age and its entry's expiry, counted from before the request was sent, and
 * is not served from then on, whatever was lost.
 *
 * <p>Thread-safe. {@link #get} takes no lock; fills and invalidations of a partition hold that
 * partition's lock, so that a fill's check and its install cannot be split by an invalidation.
 */
public final class HotCache {

  private final Cache<Object, HotCopy> copies;
  /** Gets served from a copy (groupcache's hot-cache hits). */
  private final java.util.concurrent.atomic.LongAdder hits = new java.util.concurrent.atomic.LongAdder();
  private final long maximumAgeNanos;
  private final ValueCodec codec;
  private final TimeSource time;
  private final Supplier<ClusterView> views;
  private final Object[] locks;
  /** The owner incarnation each partition's sequences come from, 0 if none yet; guarded by locks. */
  private final long[] incarnations;
  /** The last sequence seen of each partition; guarded by locks. */
  private final long[] lastSeen;
  /** Whether a partition may hold copies, so that dropping an empty one costs nothing; guarded by locks. */
  private final boolean[] mayHold;

  /**
   * An empty hot cache.
   *
   * @param maximumEntries the bound on copies
   * @param maximumAgeNanos how long after it was asked for a copy may be served
   * @param codec decodes values and keys as the cache's codec encoded them
   * @param time the clock deadlines are on
   * @param views this node's current view
   * @param partitions the number of partitions
   */
  HotCache(long maximumEntries, long maximumAgeNanos, ValueCodec codec, TimeSource time,
      Supplier<ClusterView> views, int partitions) {
    this.copies = Caffeine.newBuilder().executor(Runnable::run).maximumSize(maximumEntries).build();
    this.maximumAgeNanos = maximumAgeNanos;
    this.codec = codec;
    this.time = time;
    this.views = views;
    this.locks = new Object[partitions];
    for (int i = 0; i < partitions; i++) {
      locks[i] = new Object();
    }
    this.incarnations = new long[partitions];
    this.lastSeen = new long[partitions];
    this.mayHold = new boolean[partitions];
  }

  /**
   * The value of the copy of {@code key}, decoded into a new object, if there is a copy whose
   * deadline has not passed.
   *
   * @param key the key
   * @return the value, or null if there is no copy to serve
   */
  public Object get(Object key) {
    Object entryKey = HotKey.of(key, codec);
    HotCopy copy = copies.getIfPresent(entryKey);
    if (copy == null) {
      return null;
    }
    if (time.nanos() - copy.deadline() >= 0) {
      copies.asMap().remove(entryKey, copy);
      return null;
    }
    Object value = codec.decode(copy.value());
    hits.increment();
    return value;
  }

  /**
   * How many gets this node served from its copies of the cache's entries.
   *
   * @return the number of hot-cache hits
   */
  public long hits() {
    return hits.sum();
  }

  /**
   * The time to pass to {@link #fill} as when a request was sent.
   *
   * @return the current time of the hot cache's clock
   */
  public long now() {
    return time.nanos();
  }

  /**
   * Keeps a copy of what the owner answered, unless that could make it serve a stale value.
   *
   * @param key the key asked for
   * @param encodedKey its encoding, not modified later
   * @param partition its partition
   * @param sentWith the view the request was routed by
   * @param value the value as the owner encoded it, or null if it had none; not modified later
   * @param stamp what the owner said of the value
   * @param sentAt {@link #now()} before the request was sent
   */
  public void fill(Object key, byte[] encodedKey, int partition, ClusterView sentWith, byte[] value, HotStamp stamp,
      long sentAt) {
    long incarnation = stamp.incarnation();
    long life = Math.min(maximumAgeNanos, stamp.expiresInNanos());
    if (incarnation == 0 || life <= 0 || value == null) {
      return;
    }
    Object entryKey = HotKey.of(key, encodedKey);
    long sequence = stamp.sequence();
    synchronized (locks[partition]) {
      if (views.get() != sentWith) {
        // the membership changed since: the copy may come from a former owner
        return;
      }
      if (incarnations[partition] != incarnation) {
        drop(partition);
        incarnations[partition] = incarnation;
        lastSeen[partition] = sequence;
      } else if (sequence < lastSeen[partition]) {
        // a change seen since the owner read the value may be about this key
        return;
      }
      mayHold[partition] = true;
      copies.put(entryKey, new HotCopy(value, sentAt + life, partition, sequence));
    }
  }

  /**
   * Applies what an owner sent: drops the copies of the keys it changed, and every copy of a
   * partition it cleared or whose numbering shows that changes were lost.
   *
   * @param batch the owner's batch
   */
  public void apply(HotInvalidations batch) {
    ClusterView view = views.get();
    String sender = batch.sender();
    long incarnation = batch.incarnation();
    for (HotInvalidations.Change change : batch.changes()) {
      int partition = change.partition();
      if (partition < 0 || partition >= locks.length) {
        continue;
      }
      // an undecodable key is taken for the whole partition
      Object key = change.key() == null ? null : HotKey.ofEncoded(change.key(), codec);
      boolean whole = key == null;
      synchronized (locks[partition]) {
        if (!view.ownerOf(partition).name().equals(sender)) {
          // not the owner by this view: no sequence to follow, but drop what it says changed
          if (whole) {
            drop(partition);
          } else {
            copies.invalidate(key);
          }
          continue;
        }
        long sequence = change.sequence();
        if (incarnations[partition] != incarnation) {
          drop(partition);
          incarnations[partition] = incarnation;
          lastSeen[partition] = sequence;
          continue;
        }
        if (whole || sequence > lastSeen[partition] + 1) {
          drop(partition);
        } else {
          // a copy read after this change already reflects it
          copies.asMap().computeIfPresent(key, (k, copy) -> copy.sequence() >= sequence ? copy : null);
        }
        if (sequence > lastSeen[partition]) {
          lastSeen[partition] = sequence;
        }
      }
    }
    for (HotInvalidations.Sequence current : batch.sequences()) {
      int partition = current.partition();
      if (partition < 0 || partition >= locks.length
          || !view.ownerOf(partition).name().equals(sender)) {
        continue;
      }
      synchronized (locks[partition]) {
        if (incarnations[partition] != incarnation || current.sequence() > lastSeen[partition]) {
          drop(partition);
          incarnations[partition] = incarnation;
          lastSeen[partition] = current.sequence();
        }
      }
    }
  }

  /**
   * Drops the copies of every partition whose owner is not the same in {@code next} as in
   * {@code previous}, and forgets whose sequences those partitions followed.
   *
   * @param previous the view before the change
   * @param next the view after it, already current
   */
  public void viewChanged(ClusterView previous, ClusterView next) {
    int partitions = Math.min(locks.length, Math.min(previous.partitionCount(), next.partitionCount()));
    for (int partition = 0; partition < partitions; partition++) {
      if (!previous.ownerOf(partition).name().equals(next.ownerOf(partition).name())) {
        forget(partition);
      }
    }
  }

  /** Drops every copy and what was heard from the owners: this node may have missed changes. */
  void forgetAll() {
    for (int partition = 0; partition < locks.length; partition++) {
      forget(partition);
    }
  }

  /** Drops a partition's copies and what was heard from its owner. */
  private void forget(int partition) {
    synchronized (locks[partition]) {
      drop(partition);
      incarnations[partition] = 0;
      lastSeen[partition] = 0;
    }
  }

  /** Drops every copy of {@code partition}; call with its lock held. */
  private void drop(int partition) {
    if (mayHold[partition]) {
      copies.asMap().values().removeIf(copy -> copy.partition() == partition);
      mayHold[partition] = false;
    }
  }

  /** Drops every copy. */
  void clear() {
    copies.invalidateAll();
  }

  /**
   * Whether there is a copy of {@code key}, served or not: for tests and diagnostics.
   *
   * @param key the key
   * @return true if a copy is held
   */
  boolean holds(Object key) {
    return copies.getIfPresent(HotKey.of(key, codec)) != null;
  }

  /**
   * How many copies are held, an estimate.
   *
   * @return the number of copies
   */
  public long size() {
    return copies.estimatedSize();
  }
}
