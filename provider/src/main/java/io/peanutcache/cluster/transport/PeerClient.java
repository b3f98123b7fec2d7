package io.peanutcache.cluster.transport;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.peanutcache.cluster.CacheId;
import io.peanutcache.cluster.membership.Member;
import io.peanutcache.cluster.transport.proto.PeerGrpc;
import java.io.Closeable;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * The client of one peer: one channel, opened once and reused by every call. Every call carries a
 * deadline; a gRPC failure becomes a {@link PeerException} naming the peer, the cache, the
 * operation and the status.
 */
public final class PeerClient implements Closeable {

  private final Member peer;
  private final ManagedChannel channel;
  private final PeerGrpc.PeerBlockingStub stub;
  private final PeerGrpc.PeerStub asyncStub;
  private final long timeoutNanos;
  private final AtomicLong lastReconnect = new AtomicLong(System.nanoTime() - RECONNECT_INTERVAL_NANOS);

  /**
   * How often, at most, a call that finds the peer unreachable makes the channel try to connect
   * again at once rather than after its backoff, which grows up to two minutes.
   */
  static final long RECONNECT_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

  /**
   * Opens a channel to {@code peer}; the connection is made on first use.
   *
   * @param peer the peer
   * @param timeout the deadline of each call
   */
  public PeerClient(Member peer, Duration timeout) {
    this.peer = peer;
    this.channel = NettyChannelBuilder.forTarget(peer.address()).usePlaintext().build();
    this.stub = PeerGrpc.newBlockingStub(channel);
    this.asyncStub = PeerGrpc.newStub(channel);
    this.timeoutNanos = timeout.toNanos();
  }

  /**
   * The peer this client calls.
   *
   * @return the peer
   */
  public Member peer() {
    return peer;
  }

  /**
   * Whether this client calls {@code member} where it listens now.
   *
   * @param member a member of the current view
   * @return true if {@code member}'s address is the one this client calls
   */
  public boolean isAt(Member member) {
    return peer.address().equals(member.address());
  }

  /**
   * Makes one call within the deadline.
   *
   * @param operation names the operation, for messages
   * @param cache the cache it is about, for messages
   * @param call the call on a stub that carries the deadline
   * @param <R> the reply type
   * @return the reply
   * @throws PeerException if the call failed
   */
  public <R> R call(String operation, CacheId cache, Function<PeerGrpc.PeerBlockingStub, R> call) {
    return callWithin(operation, cache, timeoutNanos, call);
  }

  /**
   * Makes one call that may take longer than a single operation, such as streaming a partition.
   *
   * @param operation names the operation, for messages
   * @param cache the cache it is about, for messages
   * @param call the call on a stub that carries the longer deadline
   * @param <R> the reply type
   * @return the reply
   * @throws PeerException if the call failed
   */
  public <R> R longCall(String operation, CacheId cache, Function<PeerGrpc.PeerBlockingStub, R> call) {
    return callWithin(operation, cache, Math.max(timeoutNanos * 20, TimeUnit.SECONDS.toNanos(10)), call);
  }

  private <R> R callWithin(String operation, CacheId cache, long deadlineNanos,
      Function<PeerGrpc.PeerBlockingStub, R> call) {
    try {
      return call.apply(stub.withDeadlineAfter(deadlineNanos, TimeUnit.NANOSECONDS));
    } catch (StatusRuntimeException e) {
      throw failure(operation, cache, e);
    }
  }

  /**
   * The exception for a failed call, naming the peer, the cache, the operation and the status.
   * A peer that could not be reached is tried again on the next call, at most every
   * {@link #RECONNECT_INTERVAL_NANOS}: a peer that comes back is reached within that, not after
   * the channel's backoff.
   */
  public PeerException failure(String operation, CacheId cache, StatusRuntimeException e) {
    if (e.getStatus().getCode() == Status.Code.UNAVAILABLE) {
      reconnectSoon();
    }
    String description = e.getStatus().getDescription();
    return new PeerException("peer " + peer.name() + " (" + peer.address() + ") failed " + operation
        + " on cache " + cache + ": " + e.getStatus().getCode()
        + (description == null ? "" : " - " + description), e.getStatus().getCode(), e);
  }

  private void reconnectSoon() {
    long last = lastReconnect.get();
    long now = System.nanoTime();
    if (now - last >= RECONNECT_INTERVAL_NANOS && lastReconnect.compareAndSet(last, now)) {
      channel.resetConnectBackoff();
    }
  }

  /**
   * Stops taking calls and closes the channel once the calls in flight have ended, for a peer
   * that left the cluster.
   */
  public void retire() {
    channel.shutdown();
  }

  @Override
  public void close() {
    channel.shutdownNow();
    try {
      channel.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * A stub for calls whose answer nobody waits for, such as hot-cache invalidations; it carries
   * the usual deadline.
   *
   * @return the stub
   */
  public PeerGrpc.PeerStub asyncStub() {
    return asyncStub.withDeadlineAfter(timeoutNanos, TimeUnit.NANOSECONDS);
  }

  /**
   * A stub for a stream that lasts longer than one call, such as an entry processor's lease.
   *
   * @param deadline how long the stream may last
   * @return the stub
   */
  public PeerGrpc.PeerStub asyncStub(Duration deadline) {
    return asyncStub.withDeadlineAfter(deadline.toNanos(), TimeUnit.NANOSECONDS);
  }

  @Override
  public String toString() {
    return "PeerClient{" + peer.name() + " at " + peer.address() + "}";
  }
}
