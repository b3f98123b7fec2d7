package io.peanutcache.cluster.leases;

import java.util.concurrent.ScheduledFuture;

/**
 * One caller's claim on the lease of a key, from the moment it asks until the lease has passed
 * on: it waits in the key's queue, then holds the lease, writes under it, and ends.
 *
 * <p>A holder writes in two steps so that the lease cannot expire under a write in progress:
 * {@link #beginWrite} (refused once the lease has expired or been given up), the write itself,
 * then {@link #endWrite}. Every method may be called from any thread; the state is guarded by
 * the lock of the {@link KeyLeases} table the lease belongs to.
 */
public final class Lease {

  /** Where a lease is in its life. */
  enum State {
    /** Queued behind the holder of its key. */
    WAITING,
    /** Held: the holder may run its processor; the lease expires after the lease time. */
    HELD,
    /** Held, with a write in progress: it does not expire until the write ends. */
    WRITING,
    /** Released, expired or given up: it is no longer in its key's queue. */
    ENDED
  }

  private final KeyLeases table;
  private final LeaseKey key;
  private final LeaseHolder holder;
  /** Guarded by the table's lock, as are the fields below. */
  State state = State.WAITING;
  /** Whether the holder went away during a write: the lease ends when the write does. */
  boolean abandoned;
  /** Counts grants, so that the timer of an earlier grant never ends a later one. */
  long grants;
  /** Ends the lease after the lease time; null unless held. */
  ScheduledFuture<?> expiry;

  Lease(KeyLeases table, LeaseKey key, LeaseHolder holder) {
    this.table = table;
    this.key = key;
    this.holder = holder;
  }

  /**
   * The key this lease is of.
   *
   * @return the key
   */
  public LeaseKey key() {
    return key;
  }

  LeaseHolder holder() {
    return holder;
  }

  /**
   * Starts the holder's write: until {@link #endWrite}, the lease does not expire.
   *
   * @return true if the lease is still held; false if it expired or was given up, and the write
   *     must not be applied
   */
  public boolean beginWrite() {
    return table.beginWrite(this);
  }

  /**
   * Ends the write {@link #beginWrite} started.
   *
   * @param release true when the holder is done (its result was written or needed nothing): the
   *     lease passes to the next waiter; false when the entry changed since the grant and the
   *     holder will run again under the same lease, for a new lease time
   * @return whether the holder still holds the lease: false after a release, or when it went
   *     away during the write
   * @throws IllegalStateException if no write was in progress
   */
  public boolean endWrite(boolean release) {
    return table.endWrite(this, release);
  }

  /**
   * Gives the lease up without writing, or leaves the queue if it was still waiting: the holder
   * went away, failed, or stopped waiting. Does nothing if the lease has ended; during a write,
   * the lease ends when the write does.
   */
  public void release() {
    table.release(this);
  }

  @Override
  public String toString() {
    return "lease of " + key;
  }
}
