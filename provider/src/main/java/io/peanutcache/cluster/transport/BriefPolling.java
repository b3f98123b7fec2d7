package io.peanutcache.cluster.transport;

import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A caller that waits alone for a peer's reply polls for it briefly before it sleeps. A reply
 * between nodes on one network comes within tens of microseconds, and a caller that sleeps
 * meanwhile must be woken by the network thread that reads the reply: the wake-up of a thread
 * whose core has gone idle costs the scheduler, and on a virtual machine the hypervisor, 20–30 µs,
 * as long as the rest of the round trip. Polling until the reply comes, for at most
 * {@value #POLL_MICROS} µs, takes that wake-up out of the get.
 *
 * <p>Polling occupies a core, which the network threads and the owner need when many callers
 * wait at once: a caller polls only while no more callers of this JVM wait for replies than half
 * the cores (at least one), and sleeps at once otherwise. Callers that wait together share
 * messages and wake-ups anyway.
 */
final class BriefPolling {

  /** How long a caller polls for a reply before it sleeps. */
  static final long POLL_MICROS = 100;

  private static final long POLL_NANOS = TimeUnit.MICROSECONDS.toNanos(POLL_MICROS);

  /** How many waiting callers may poll: half the cores, at least one. */
  private static final int POLLERS = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);

  /** The callers waiting for replies now. */
  private static final AtomicInteger waiting = new AtomicInteger();

  private BriefPolling() {}

  /**
   * Counts the calling thread as waiting for a reply until {@link #depart()}, and polls until
   * {@code reply} is done, for at most {@value #POLL_MICROS} µs and never past
   * {@code deadlineNanos}, unless too many callers wait.
   *
   * @param reply what the caller waits for
   * @param deadlineNanos when, on {@link System#nanoTime()}, the caller stops waiting
   */
  static void arrive(Future<?> reply, long deadlineNanos) {
    if (waiting.incrementAndGet() > POLLERS) {
      return;
    }
    long start = System.nanoTime();
    long until = deadlineNanos - start < POLL_NANOS ? deadlineNanos : start + POLL_NANOS;
    while (!reply.isDone() && System.nanoTime() - until < 0 && !Thread.currentThread().isInterrupted()) {
      Thread.onSpinWait();
    }
  }

  /** The calling thread no longer waits: called once after each {@link #arrive}. */
  static void depart() {
    waiting.decrementAndGet();
  }
}
