package io.peanutcache.cluster.transport;

import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.ChannelOption;
import io.peanutcache.cluster.membership.Member;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * The connection to one peer: its channel, kept connected, and the wait for it to be ready before
 * a call, so that setting up a connection never counts against an operation's deadline.
 *
 * <p>The channel connects as soon as the client is made, from the host this node advertises when
 * it can ({@link AdvertisedSource}), keeps its connection open while no call runs (pings tell a
 * dead connection from a quiet one), and never goes idle. A call first waits for
 * the connection, up to the connect timeout:
 *
 * <ul>
 *   <li>a peer that has <em>never</em> been reached may still be starting (nodes that start
 *       together), so a refused connection is tried again, every {@link #PATIENT_RETRY_NANOS},
 *       until the connect timeout; once that passes the peer is taken as down. A call that does
 *       not need that peer in particular (what every peer is told) asks not to wait, and one that
 *       takes partitions over waits only while the peer is still a member;
 *   <li>a peer that was reached before and now refuses connections, or one already taken as down,
 *       is down once one fresh attempt has failed (at most one every {@link #RETRY_INTERVAL_NANOS}
 *       for all callers together): a node that died or left is not waited for. Callers that
 *       come while that attempt is under way wait for its outcome, at most the interval, so a
 *       peer that has just come back is reached by all of them.
 * </ul>
 *
 * <p>The connectivity state is watched by one callback that wakes the callers waiting on
 * {@code this}. Messages either way are at most {@code peanutcache.max-message-size} (see
 * {@link MessageSizeLimit}).
 */
final class PeerConnection {

  /** How often, at most, callers make a down peer's channel try again at once. */
  static final long RETRY_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

  /** How often a caller tries again to reach a peer that has never been reached. */
  static final long PATIENT_RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  /** How long an idle connection waits between pings. */
  static final Duration KEEP_ALIVE_TIME = Duration.ofSeconds(20);

  /**
   * How long a ping waits for its answer before the connection counts as dead: the shortest
   * silence after which a peer that was reached counts as unreachable.
   */
  static final Duration KEEP_ALIVE_TIMEOUT = Duration.ofSeconds(10);

  private final Member peer;
  private final ManagedChannel channel;
  /** Forgets that this peer's address is called as this member, once the channel is shut down. */
  private final Runnable forgetPeer;
  private final long connectTimeoutNanos;
  private final AtomicLong lastRetry = new AtomicLong(System.nanoTime() - RETRY_INTERVAL_NANOS);
  /** When a caller last saw a fresh attempt fail; later than {@link #lastRetry} until the next. */
  private final AtomicLong lastFailedAttempt = new AtomicLong(System.nanoTime() - RETRY_INTERVAL_NANOS);
  /** How many times the channel's state has changed: a caller tells a finished attempt by it. */
  private final AtomicLong changes = new AtomicLong();
  /** Whether the channel has been ready once: the peer is up, or was. */
  private volatile boolean reached;
  /** Whether a caller waited the whole connect timeout for a peer never reached. */
  private volatile boolean givenUp;

  /**
   * @param source where the connections come from, or empty for the system to pick
   * @param messageSize the largest message sent or accepted
   * @param tls the node's mutual TLS with its peers, or empty for plaintext
   */
  PeerConnection(Member peer, Duration connectTimeout, Optional<AdvertisedSource> source,
      MessageSizeLimit messageSize, Optional<PeerTls> tls) {
    this.peer = peer;
    this.connectTimeoutNanos = connectTimeout.toNanos();
    NettyChannelBuilder builder = NettyChannelBuilder.forTarget(peer.address());
    source.ifPresent(builder::localSocketPicker);
    if (tls.isPresent()) {
      // the node's one context; the peer's certificate is checked against this member's name
      builder.sslContext(tls.get().client()).intercept(tls.get().stampSender());
      this.forgetPeer = tls.get().expect(peer);
    } else {
      builder.usePlaintext();
      this.forgetPeer = () -> {};
    }
    this.channel = builder
        // no reply above the limit is accepted, and no request above it is sent
        .maxInboundMessageSize(messageSize.bytes())
        .intercept(messageSize.requestsTo(peer))
        .withOption(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()))
        .keepAliveTime(KEEP_ALIVE_TIME.toSeconds(), TimeUnit.SECONDS)
        .keepAliveTimeout(KEEP_ALIVE_TIMEOUT.toSeconds(), TimeUnit.SECONDS)
        .keepAliveWithoutCalls(true)
        // more than 30 days: the channel never drops its connection for being idle
        .idleTimeout(31, TimeUnit.DAYS)
        .build();
    watch(channel.getState(true));
  }

  /** Keeps one callback on the channel's state: it notes a ready channel and wakes the waiters. */
  private void watch(ConnectivityState seen) {
    if (seen == ConnectivityState.READY) {
      reached = true;
      givenUp = false;
    }
    if (seen == ConnectivityState.SHUTDOWN) {
      wakeWaiters();
      return;
    }
    channel.notifyWhenStateChanged(seen, () -> {
      changes.incrementAndGet();
      wakeWaiters();
      watch(channel.getState(false));
    });
  }

  private synchronized void wakeWaiters() {
    notifyAll();
  }

  ManagedChannel channel() {
    return channel;
  }

  /** Takes no more calls and closes the connection once the calls in flight have ended. */
  void shutdown() {
    channel.shutdown();
    forgetPeer.run();
  }

  /** Cancels the calls in flight and closes the connection; waits up to five seconds for the end. */
  void shutdownNow() {
    channel.shutdownNow();
    forgetPeer.run();
    try {
      channel.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Returns once the channel is ready for a call, waiting for a peer never reached yet, as it may
   * be starting, while {@code mayBeStarting} holds (asked each time the peer refuses), up to the
   * connect timeout.
   *
   * @param mayBeStarting whether the peer may still be starting; once false, a peer that refuses
   *     a fresh connection attempt is down
   * @throws NotConnected if the peer cannot be reached within the rules above
   */
  void awaitReady(BooleanSupplier mayBeStarting) throws NotConnected {
    ConnectivityState state = channel.getState(true);
    if (state == ConnectivityState.READY) {
      return;
    }
    boolean patient = !reached && !givenUp;
    long deadline = System.nanoTime() + connectTimeoutNanos;
    // for a peer taken as down: when the fresh attempt was asked for, and the state changes seen
    // by then; the attempt has ended in failure once the state has changed since and is a
    // failure again. The state is read, not followed, so a quick refusal may show no CONNECTING.
    long freshAttemptAt = 0;
    long changesBefore = 0;
    while (true) {
      switch (state) {
        case READY:
          return;
        case SHUTDOWN:
          throw new NotConnected("its client is closed, as the peer left the cluster");
        case CONNECTING:
          break;
        case TRANSIENT_FAILURE:
          if (patient && mayBeStarting.getAsBoolean()) {
            retrySoon(PATIENT_RETRY_NANOS);
          } else if (freshAttemptAt == 0) {
            long lastAttempt = lastRetry.get();
            if (lastFailedAttempt.get() - lastAttempt > 0
                && System.nanoTime() - lastAttempt < RETRY_INTERVAL_NANOS) {
              // the latest fresh attempt, within the interval, is known to have failed
              throw new NotConnected("it refuses connections or cannot be reached");
            }
            changesBefore = changes.get();
            freshAttemptAt = System.nanoTime();
            // this caller's fresh attempt, or one another caller asked for within the interval:
            // either way its outcome is this caller's
            retrySoon(RETRY_INTERVAL_NANOS);
          } else if (changes.get() > changesBefore
              || System.nanoTime() - freshAttemptAt >= RETRY_INTERVAL_NANOS) {
            lastFailedAttempt.set(System.nanoTime());
            throw new NotConnected("it refuses connections or cannot be reached");
          }
          break;
        default: // IDLE: the getState below asks for a connection
          break;
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        if (!reached) {
          givenUp = true;
        }
        throw new NotConnected("no connection within the connect timeout of "
            + Duration.ofNanos(connectTimeoutNanos) + " (peanutcache.connect.timeout)");
      }
      waitForChange(Math.min(left, PATIENT_RETRY_NANOS));
      state = channel.getState(true);
    }
  }

  /** Whether the channel is ready for a call now, without waiting. */
  boolean isReady() {
    return channel.getState(false) == ConnectivityState.READY;
  }

  private synchronized void waitForChange(long nanos) {
    try {
      TimeUnit.NANOSECONDS.timedWait(this, nanos);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new NotConnected("the wait for the connection was interrupted");
    }
  }

  /**
   * Makes a channel that failed to connect try again now rather than after its backoff (which
   * grows to two minutes), unless a caller did so within {@code intervalNanos}.
   *
   * @return whether this caller made it try again
   */
  boolean retrySoon(long intervalNanos) {
    long last = lastRetry.get();
    long now = System.nanoTime();
    if (now - last >= intervalNanos && lastRetry.compareAndSet(last, now)) {
      channel.resetConnectBackoff();
      return true;
    }
    return false;
  }

  @Override
  public String toString() {
    return "PeerConnection{" + peer.name() + " at " + peer.address() + ", " + channel.getState(false) + "}";
  }

  /** The peer could not be reached for a call; says why. */
  static final class NotConnected extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NotConnected(String reason) {
      super(reason, null, false, false);
    }
  }
}
