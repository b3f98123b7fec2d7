package io.peanutcache.cluster.leases;

import io.peanutcache.threads.DaemonThreads;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The leases of the keys a node owns: at most one holder per key, the other callers of the key
 * queued behind it in the order they asked. When a holder writes, gives up or goes away, the
 * lease passes at once to the first waiter; a holder that keeps it longer than the lease time
 * loses it to the next waiter, and its later write is refused. Nothing blocks while it waits:
 * each waiter is called back when its turn comes.
 *
 * <p>The number of waiters is bounded per key and per node, so that callers (or a faulty peer)
 * cannot exhaust the owner: beyond the bounds a caller is refused with
 * {@link TooManyWaitersException}.
 */
public final class KeyLeases implements AutoCloseable {

  /** How many callers may wait for one key's lease, besides its holder. */
  public static final int MAX_WAITERS_PER_KEY = 10_000;

  /** How many callers may wait for leases on one node, all keys together. */
  public static final int MAX_WAITERS_PER_NODE = 10_000;

  private final String owner;
  private final long leaseNanos;
  private final int maxWaitersPerKey;
  private final int maxWaitersPerNode;
  private final ScheduledThreadPoolExecutor timer;

  /** Guards the queues, the count of waiters and the state of every lease of this table. */
  private final Object lock = new Object();
  /** Each leased key's queue: its head holds the lease, the others wait. Guarded by lock. */
  private final Map<LeaseKey, ArrayDeque<Lease>> queues = new HashMap<>();
  /** How many leases wait behind a holder, all keys together. Guarded by lock. */
  private int waiters;

  /**
   * The lease table of a node, with the default bounds.
   *
   * @param owner the node's name, for messages and the timer's thread
   * @param leaseTime how long a holder may keep a lease (peanutcache.load.timeout)
   */
  public KeyLeases(String owner, Duration leaseTime) {
    this(owner, leaseTime, MAX_WAITERS_PER_KEY, MAX_WAITERS_PER_NODE);
  }

  /**
   * The lease table of a node.
   *
   * @param owner the node's name, for messages and the timer's thread
   * @param leaseTime how long a holder may keep a lease; greater than zero
   * @param maxWaitersPerKey how many callers may wait for one key, besides its holder
   * @param maxWaitersPerNode how many callers may wait on this node, all keys together
   */
  public KeyLeases(String owner, Duration leaseTime, int maxWaitersPerKey, int maxWaitersPerNode) {
    this.owner = owner;
    this.leaseNanos = leaseTime.toNanos();
    this.maxWaitersPerKey = maxWaitersPerKey;
    this.maxWaitersPerNode = maxWaitersPerNode;
    this.timer = new ScheduledThreadPoolExecutor(1, new DaemonThreads("peanutcache-leases-" + owner));
    timer.setRemoveOnCancelPolicy(true);
  }

  /**
   * How long a holder may keep a lease.
   *
   * @return the lease time
   */
  public Duration leaseTime() {
    return Duration.ofNanos(leaseNanos);
  }

  /**
   * Asks for the lease of {@code key}. If nobody holds it, it is granted at once, before this
   * returns and on this thread; otherwise {@code holder} is queued and granted it in turn.
   *
   * @param key the key
   * @param holder told when the lease is its, or when it expired
   * @return the claim, with which the holder writes and releases
   * @throws TooManyWaitersException if the key or this node has as many waiters as allowed
   */
  public Lease acquire(LeaseKey key, LeaseHolder holder) {
    Lease lease = new Lease(this, key, holder);
    synchronized (lock) {
      ArrayDeque<Lease> queue = queues.get(key);
      if (queue != null) {
        if (queue.size() - 1 >= maxWaitersPerKey) {
          throw new TooManyWaitersException(maxWaitersPerKey + " callers already wait for the lease of a "
              + key + " on " + owner + ", the most allowed for one key; retry later or make the entry "
              + "processor Serializable so that it runs on the owner without a lease");
        }
        if (waiters >= maxWaitersPerNode) {
          throw new TooManyWaitersException(maxWaitersPerNode + " callers already wait for leases on "
              + owner + ", the most allowed for one node; retry later");
        }
        queue.addLast(lease);
        waiters++;
        return lease;
      }
      queue = new ArrayDeque<>();
      queue.addLast(lease);
      queues.put(key, queue);
      hold(lease);
    }
    holder.granted(lease);
    return lease;
  }

  /**
   * How many callers wait for the lease of {@code key}, besides its holder.
   *
   * @param key the key
   * @return the number of waiters; 0 also when nobody holds the lease
   */
  public int waiters(LeaseKey key) {
    synchronized (lock) {
      ArrayDeque<Lease> queue = queues.get(key);
      return queue == null ? 0 : queue.size() - 1;
    }
  }

  boolean beginWrite(Lease lease) {
    synchronized (lock) {
      if (lease.state != Lease.State.HELD) {
        return false;
      }
      lease.state = Lease.State.WRITING;
      stopTimer(lease);
      return true;
    }
  }

  boolean endWrite(Lease lease, boolean release) {
    Lease next;
    synchronized (lock) {
      if (lease.state != Lease.State.WRITING) {
        throw new IllegalStateException("no write of the " + lease + " is in progress: " + lease.state);
      }
      if (!release && !lease.abandoned) {
        hold(lease);
        return true;
      }
      next = end(lease);
    }
    grant(next);
    return false;
  }

  void release(Lease lease) {
    Lease next;
    synchronized (lock) {
      switch (lease.state) {
        case WAITING -> {
          queues.get(lease.key()).remove(lease);
          waiters--;
          lease.state = Lease.State.ENDED;
          return;
        }
        case WRITING -> {
          lease.abandoned = true;
          return;
        }
        case ENDED -> {
          return;
        }
        case HELD -> next = end(lease);
        default -> throw new IllegalStateException("unknown lease state " + lease.state);
      }
    }
    grant(next);
  }

  /** Ends a held lease whose grant {@code grant} is still current, after the lease time. */
  private void expire(Lease lease, long grant) {
    Lease next;
    synchronized (lock) {
      if (lease.state != Lease.State.HELD || lease.grants != grant) {
        return; // written, released or granted again since this timer was set
      }
      next = end(lease);
    }
    lease.holder().expired(lease);
    grant(next);
  }

  /** Makes {@code lease} held for a lease time from now. Called with the lock held. */
  private void hold(Lease lease) {
    lease.state = Lease.State.HELD;
    long grant = ++lease.grants;
    try {
      lease.expiry = timer.schedule(() -> expire(lease, grant), leaseNanos, TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException closed) {
      lease.expiry = null; // the node is stopping: its streams end, and their leases with them
    }
  }

  /** Stops the timer of a lease that is no longer only held. Called with the lock held. */
  private static void stopTimer(Lease lease) {
    if (lease.expiry != null) {
      lease.expiry.cancel(false);
      lease.expiry = null;
    }
  }

  /**
   * Takes the holder {@code lease} out of its queue and makes the first waiter the holder.
   * Called with the lock held; the caller grants the returned lease once it has let go of it.
   *
   * @return the new holder, or null if nobody waited
   */
  private Lease end(Lease lease) {
    lease.state = Lease.State.ENDED;
    stopTimer(lease);
    ArrayDeque<Lease> queue = queues.get(lease.key());
    Lease head = queue.pollFirst();
    if (head != lease) {
      throw new IllegalStateException("the " + lease + " ended but " + head + " held it");
    }
    if (queue.isEmpty()) {
      queues.remove(lease.key());
      return null;
    }
    Lease next = queue.peekFirst();
    waiters--;
    hold(next);
    return next;
  }

  private static void grant(Lease next) {
    if (next != null) {
      next.holder().granted(next);
    }
  }

  /** Stops the timer; leases held now no longer expire. */
  @Override
  public void close() {
    timer.shutdownNow();
  }
}
