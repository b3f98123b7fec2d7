package io.peanutcache.cluster;

import io.peanutcache.threads.DaemonThreads;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Tells when this node's process stopped running for longer than its peers wait before they take
 * it for unreachable, and makes it come back empty.
 *
 * <p>A process can stop without dying: {@code SIGSTOP}, a virtual machine that is suspended, a
 * stop-the-world collection that lasts seconds. Its peers see no answer; once they take the node
 * for unreachable they go on without it (a read-through load on the caller, a second-level cache's
 * transaction that commits without the key's soft lock), and what the node holds may then be
 * stale. So a node that finds it did not run for longer than the tolerance drops every entry it
 * holds before it serves again (see {@link #check}), and remembers when it came back: a request a
 * peer sent before that is refused, since it may carry what was read before the changes the node
 * missed ({@link #resumedAtMillis}).
 *
 * <p>The tolerance is shorter than the shortest silence after which a peer takes a node for
 * unreachable: half the time a ping waits for its answer, and with etcd half the lease's TTL too.
 * A daemon thread ticks every tenth of the tolerance; every owner operation checks the gap since
 * the last tick, so that a request read off the network at once after the pause, before the tick,
 * finds the node empty already.
 */
final class PauseWatch implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(PauseWatch.class.getName());

  private final String nodeName;
  private final long toleranceNanos;
  private final Runnable dropHeld;
  private final LongSupplier clock;
  private final ScheduledExecutorService ticker;
  private volatile long lastTick;
  private volatile long resumedAtMillis;

  /**
   * Watches for pauses; {@link #start} starts the ticking.
   *
   * @param nodeName the node's name, for the warning
   * @param tolerance the longest pause after which the node keeps what it holds
   * @param dropHeld drops every entry and copy the node holds; returns nothing, logs nothing
   */
  PauseWatch(String nodeName, Duration tolerance, Runnable dropHeld) {
    this(nodeName, tolerance, dropHeld, System::nanoTime);
  }

  /**
   * Watches for pauses on {@code clock}, for tests that pause by moving it.
   *
   * @param clock the monotonic clock in nanoseconds
   */
  PauseWatch(String nodeName, Duration tolerance, Runnable dropHeld, LongSupplier clock) {
    this.clock = clock;
    this.lastTick = clock.getAsLong();
    this.nodeName = nodeName;
    this.toleranceNanos = tolerance.toNanos();
    this.dropHeld = dropHeld;
    this.ticker = Executors.newSingleThreadScheduledExecutor(new DaemonThreads("peanutcache-pause-watch-" + nodeName));
  }

  /** Starts ticking. */
  void start() {
    long period = Math.max(1, toleranceNanos / 10);
    lastTick = clock.getAsLong();
    ticker.scheduleAtFixedRate(this::tick, period, period, TimeUnit.NANOSECONDS);
  }

  /**
   * Checks whether the node was paused since the last tick; if it was, drops what the node holds
   * before returning. Callers that come while the drop runs wait for it. Only the ticker moves
   * the last tick on, under the same lock as the drop, so that a thread stopped in the middle of
   * a check never puts it back.
   */
  void check() {
    long now = clock.getAsLong();
    if (now - lastTick > toleranceNanos) {
      resumed(now);
    }
  }

  synchronized void tick() {
    long now = clock.getAsLong();
    if (now - lastTick > toleranceNanos) {
      resumed(now);
    } else {
      lastTick = now;
    }
  }

  private synchronized void resumed(long detectedAt) {
    long pausedNanos = detectedAt - lastTick;
    if (pausedNanos <= toleranceNanos) {
      return; // another caller has dropped what the node held since it read the clock
    }
    resumedAtMillis = System.currentTimeMillis();
    dropHeld.run();
    LOG.log(System.Logger.Level.WARNING, "node {0} did not run for {1} ms (more than the {2} ms after"
        + " which peers may go on without it): it dropped every entry it held, and refuses requests"
        + " sent before it came back", nodeName, TimeUnit.NANOSECONDS.toMillis(pausedNanos),
        TimeUnit.NANOSECONDS.toMillis(toleranceNanos));
    lastTick = clock.getAsLong();
  }

  /**
   * When the node last came back from a pause, checking for one first.
   *
   * @return the wall-clock time in milliseconds, or 0 if the node never paused
   */
  long resumedAtMillis() {
    check();
    return resumedAtMillis;
  }

  @Override
  public void close() {
    ticker.shutdownNow();
  }
}
