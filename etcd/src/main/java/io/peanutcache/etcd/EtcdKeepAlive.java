package io.peanutcache.etcd;

import io.etcd.jetcd.Lease;
import io.etcd.jetcd.common.exception.ErrorCode;
import io.etcd.jetcd.common.exception.EtcdException;
import io.etcd.jetcd.lease.LeaseKeepAliveResponse;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Keeps one lease alive: asks etcd to extend it at once, then a third of its TTL after each
 * answer, each request on a stream of its own ({@link Lease#keepAliveOnce}); no thread waits for
 * an answer.
 *
 * <p>The etcd client's own keep-alive runs its timers on an event loop of Vert.x, which a node
 * would start for that alone; this one runs them on the membership's timer thread. It tells its
 * {@link Outcome} once and then stops: {@code expired} when etcd answers that the lease is gone,
 * {@code broken} when a request fails or no answer comes before the lease would run out (etcd
 * cannot be reached), as the etcd client's keep-alive does. After {@link #close}, nothing.
 */
final class EtcdKeepAlive {

  /** What became of a lease that can no longer be kept alive. */
  interface Outcome {

    /** etcd answered that the lease is gone. */
    void expired();

    /** A request failed, or no answer came while the lease lived: etcd may still hold it. */
    void broken(Throwable why);
  }

  /** The shortest wait for an answer, for a lease whose last known expiry is already near. */
  private static final long SHORTEST_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(EtcdCalls.RETRY_MILLIS);

  private final Lease leases;
  private final long lease;
  private final ScheduledExecutorService timer;
  private final Outcome outcome;
  /** When the lease runs out, as far as this node knows ({@link System#nanoTime}). */
  private volatile long expiresAt;
  private volatile ScheduledFuture<?> next;
  private volatile boolean stopped;

  private EtcdKeepAlive(Lease leases, long lease, Duration ttl, ScheduledExecutorService timer, Outcome outcome) {
    this.leases = leases;
    this.lease = lease;
    this.timer = timer;
    this.outcome = outcome;
    this.expiresAt = System.nanoTime() + ttl.toNanos();
  }

  /**
   * Starts keeping {@code lease} alive.
   *
   * @param leases the etcd client's lease service
   * @param lease the lease, live now
   * @param ttl how long the lease lives at most without being extended
   * @param timer the thread that sends the requests
   * @param outcome told once, when the lease can no longer be kept alive
   * @return the keep-alive, to close when the lease is no longer wanted
   */
  static EtcdKeepAlive start(Lease leases, long lease, Duration ttl, ScheduledExecutorService timer,
      Outcome outcome) {
    EtcdKeepAlive keepAlive = new EtcdKeepAlive(leases, lease, ttl, timer, outcome);
    keepAlive.sendAfter(0);
    return keepAlive;
  }

  /** Stops sending requests; what is on the way is ignored when it comes. */
  void close() {
    stopped = true;
    ScheduledFuture<?> scheduled = next;
    if (scheduled != null) {
      scheduled.cancel(false);
    }
  }

  private void sendAfter(long millis) {
    try {
      next = timer.schedule(this::send, millis, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException closing) {
      stopped = true; // the membership is closing: nothing to keep alive
    }
  }

  private void send() {
    if (stopped) {
      return;
    }
    long wait = Math.max(expiresAt - System.nanoTime(), SHORTEST_WAIT_NANOS);
    leases.keepAliveOnce(lease).orTimeout(wait, TimeUnit.NANOSECONDS).whenComplete(this::answered);
  }

  private void answered(LeaseKeepAliveResponse answer, Throwable failure) {
    if (stopped) {
      return;
    }
    if (failure == null && answer.getTTL() > 0) {
      expiresAt = System.nanoTime() + TimeUnit.SECONDS.toNanos(answer.getTTL());
      sendAfter(TimeUnit.SECONDS.toMillis(answer.getTTL()) / 3);
      return;
    }
    stopped = true;
    Throwable cause = failure instanceof CompletionException && failure.getCause() != null
        ? failure.getCause() : failure;
    if (cause == null || cause instanceof EtcdException gone && gone.getErrorCode() == ErrorCode.NOT_FOUND) {
      outcome.expired();
    } else if (cause instanceof TimeoutException) {
      outcome.broken(new TimeoutException("no answer while the lease lived"));
    } else {
      outcome.broken(cause);
    }
  }
}
