package io.peanutcache.cluster.handoff;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import javax.cache.CacheException;

/**
 * What a node lets run on each partition it owns, for partitions that move: every operation the
 * node runs as a key's owner {@link #enter enters} the key's partition and {@link #exit exits} it
 * when it ends, so that a partition can be handed over with nothing under way, and taken over
 * with nothing run before its entries arrive.
 *
 * <p>A partition is open, arriving (its entries are on their way from the former owner: an
 * operation waits for them) or handed over (its entries went to the new owner: an operation is
 * refused, and its sender finds the new owner). Entering costs two atomic counts on an open
 * partition; the check of the state after the count and the handing over's check of the count
 * after the state make sure that no operation runs on a partition once it has been handed over.
 */
public final class PartitionGate {

  private static final int OPEN = 0;
  private static final int ARRIVING = 1;
  private static final int HANDED = 2;

  /** Whether partitions move at all: with a static peer list they never do, and nothing is counted. */
  private final boolean moving;
  private final AtomicIntegerArray states;
  private final AtomicIntegerArray inFlight;
  /** For each partition, how many times it was expected: an arrival counts for the latest only. */
  private final int[] expectations;
  private final long waitNanos;

  /**
   * A gate of open partitions.
   *
   * @param partitions the cluster's partition count
   * @param wait how long an operation waits for its partition's entries to arrive, and a
   *     hand-over for the operations under way to end
   */
  public PartitionGate(int partitions, Duration wait) {
    this(partitions, wait, true);
  }

  /**
   * The gate of a node whose partitions never move (a static peer list): every partition stays
   * open, and entering costs nothing.
   *
   * @param partitions the cluster's partition count
   * @return the gate
   */
  public static PartitionGate fixed(int partitions) {
    return new PartitionGate(partitions, Duration.ZERO, false);
  }

  private PartitionGate(int partitions, Duration wait, boolean moving) {
    this.moving = moving;
    this.states = new AtomicIntegerArray(partitions);
    this.inFlight = new AtomicIntegerArray(partitions);
    this.expectations = new int[partitions];
    this.waitNanos = wait.toNanos();
  }

  /**
   * Enters an operation on {@code partition}, waiting while its entries arrive.
   *
   * @param partition the key's partition
   * @return true if the operation may run, and must then {@link #exit}; false if the partition
   *     has been handed over, and the operation is for its new owner
   * @throws CacheException if the entries did not arrive within the wait
   */
  public boolean enter(int partition) {
    if (!moving) {
      return true;
    }
    while (true) {
      int state = states.get(partition);
      if (state == HANDED) {
        return false;
      }
      if (state == ARRIVING) {
        awaitArrival(partition);
        continue;
      }
      inFlight.incrementAndGet(partition);
      if (states.get(partition) == OPEN) {
        return true;
      }
      exit(partition);
    }
  }

  /**
   * Ends an operation that {@link #enter entered} {@code partition}.
   *
   * @param partition the partition
   */
  public void exit(int partition) {
    if (!moving) {
      return;
    }
    if (inFlight.decrementAndGet(partition) == 0 && states.get(partition) != OPEN) {
      synchronized (this) {
        notifyAll();
      }
    }
  }

  /**
   * Whether operations on {@code partition} run now, neither waiting for its entries nor refused.
   *
   * @param partition the partition
   * @return true if it is open
   */
  public boolean isOpen(int partition) {
    return states.get(partition) == OPEN;
  }

  /**
   * Whether {@code partition} has been handed over to another node.
   *
   * @param partition the partition
   * @return true once handed over, until the partition is {@link #expect expected} again
   */
  public boolean isHanded(int partition) {
    return states.get(partition) == HANDED;
  }

  /**
   * Holds the operations on {@code partition} until its entries have arrived.
   *
   * @param partition a partition this node takes over
   * @return the expectation, which {@link #arrived} names
   */
  public synchronized int expect(int partition) {
    states.set(partition, ARRIVING);
    return ++expectations[partition];
  }

  /**
   * Lets the operations on {@code partition} run: its entries have arrived, or will not; unless
   * it was expected again since.
   *
   * @param partition the partition
   * @param expectation what {@link #expect} returned
   */
  public synchronized void arrived(int partition, int expectation) {
    if (states.get(partition) == ARRIVING && expectations[partition] == expectation) {
      states.set(partition, OPEN);
      notifyAll();
    }
  }

  /**
   * Hands {@code partition} over: refuses the operations that come from now on, and waits for the
   * ones under way to end. A partition whose own entries are still arriving is handed over at
   * once, with what it has: a node that takes a partition from one that is taking it from a
   * third (members that come and go within the same moments) never waits on a chain of them.
   *
   * @param partition the partition
   * @return true if nothing runs on the partition any more; false if operations still ran when
   *     the wait ended
   */
  public synchronized boolean hand(int partition) {
    long deadline = System.nanoTime() + waitNanos;
    states.set(partition, HANDED);
    notifyAll(); // operations waiting for its entries are refused now
    while (inFlight.get(partition) > 0) {
      if (!waitUntil(deadline)) {
        return false;
      }
    }
    return true;
  }

  /** The cluster's partition count. */
  public int partitionCount() {
    return states.length();
  }

  /**
   * How many partitions are arriving now.
   *
   * @return the count
   */
  public int arriving() {
    int count = 0;
    for (int partition = 0; partition < states.length(); partition++) {
      if (states.get(partition) == ARRIVING) {
        count++;
      }
    }
    return count;
  }

  private synchronized void awaitArrival(int partition) {
    long deadline = System.nanoTime() + waitNanos;
    while (states.get(partition) == ARRIVING) {
      if (!waitUntil(deadline)) {
        throw new CacheException("the entries of partition " + partition + " did not arrive from its former"
            + " owner within " + TimeUnit.NANOSECONDS.toMillis(waitNanos) + " ms (peanutcache.handoff.timeout)");
      }
    }
  }

  /** Waits on this gate until notified or {@code deadline}; whether the deadline is still ahead. */
  private boolean waitUntil(long deadline) {
    long left = deadline - System.nanoTime();
    if (left <= 0) {
      return false;
    }
    try {
      TimeUnit.NANOSECONDS.timedWait(this, left);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CacheException("interrupted while waiting for a partition that moves", e);
    }
  }
}
