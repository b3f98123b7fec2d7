package io.peanutcache.cluster.transport;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.peanutcache.PeerException;
import io.peanutcache.cluster.hosting.CacheId;
import io.peanutcache.cluster.membership.Member;
import io.peanutcache.cluster.ring.ClusterView;
import io.peanutcache.cluster.transport.proto.HotReply;
import io.peanutcache.cluster.transport.proto.KeyRequest;
import io.peanutcache.cluster.transport.proto.PeerGrpc;
import io.peanutcache.cluster.transport.proto.ReadKind;
import io.peanutcache.cluster.transport.proto.Reply;
import io.peanutcache.codec.AllowList;
import io.peanutcache.settings.NodeSettings;
import java.io.Closeable;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import javax.cache.integration.CacheLoaderException;

/**
 * The client of one peer: one channel, connected when the client is made and reused by every
 * call. A call first waits for the connection (see {@link PeerConnection}), then runs within its
 * deadline: the call deadline ({@code peanutcache.rpc.timeout}), plus the load timeout
 * ({@code peanutcache.load.timeout}) for a call that may run the cache's loader on the owner. A
 * call that changes nothing is sent once more if the connection failed under it.
 *
 * <p>A gRPC failure becomes a {@link PeerException} naming the peer, the cache, the operation and
 * the status; a peer that cannot be connected to is {@code UNAVAILABLE}. A call that may load and
 * passes its deadline becomes a {@link CacheLoaderException} saying that the owner's load took
 * longer than the load timeout: the owner was reached, it was loading. A peer that is overloaded
 * refuses the call with {@code RESOURCE_EXHAUSTED}, which the exception says. A request larger than
 * {@code peanutcache.max-message-size} is not sent: the call throws a
 * {@link javax.cache.CacheException} naming the setting and the sizes.
 */
public final class PeerClient implements Closeable {

  private final Member peer;
  private final PeerConnection connection;
  private final PeerGrpc.PeerBlockingStub stub;
  /** Whether the peer left the cluster: a call not sent yet is for its partitions' new owners. */
  private volatile boolean retired;
  private final PeerGrpc.PeerStub asyncStub;
  /** The gets and hot gets to this peer, many callers' over one stream. */
  private final ReadStream reads;
  /**
   * The shortest time a peer that was reached must stay silent before its calls fail as
   * unreachable ({@code UNAVAILABLE}): the time a ping waits for its answer.
   */
  public static final Duration SILENCE_BEFORE_UNREACHABLE = PeerConnection.KEEP_ALIVE_TIMEOUT;

  private final Duration rpcTimeout;
  private final Duration loadTimeout;
  private final PeerCallTimes times;
  private final AllowList causes;
  /** The TLS this client made for itself, closed with it; empty when the node's is shared. */
  private final Optional<PeerTls> ownTls;

  /**
   * Opens a channel to {@code peer} and starts connecting.
   *
   * @param peer the peer
   * @param settings this node's settings: the call deadline, load timeout, connect timeout,
   *     largest message and TLS, for which the client reads the files itself and names itself
   *     by the node name
   * @throws javax.cache.CacheException if the TLS files cannot be used
   */
  public PeerClient(Member peer, NodeSettings settings) {
    this(peer, settings, new PeerCallTimes(), AllowList.of(settings.serializationAllow()),
        settings.tls().map(tls -> PeerTls.start(tls, settings.nodeName())), true);
  }

  /**
   * Opens a channel to {@code peer} and starts connecting; its calls are counted in {@code times}.
   *
   * @param peer the peer
   * @param settings this node's settings: the call deadline, load timeout, connect timeout and
   *     largest message
   * @param times where the node counts its calls to peers
   * @param causes the node's allow-list, which the causes of failures the peer sends are decoded
   *     under
   * @param tls the node's mutual TLS with its peers, which all its clients share; empty for
   *     plaintext
   */
  public PeerClient(Member peer, NodeSettings settings, PeerCallTimes times, AllowList causes,
      Optional<PeerTls> tls) {
    this(peer, settings, times, causes, tls, false);
  }

  private PeerClient(Member peer, NodeSettings settings, PeerCallTimes times, AllowList causes,
      Optional<PeerTls> tls, boolean ownsTls) {
    this.peer = peer;
    this.times = times;
    this.causes = causes;
    this.ownTls = ownsTls ? tls : Optional.empty();
    this.connection = new PeerConnection(peer, settings.connectTimeout(),
        AdvertisedSource.of(settings.advertise()), new MessageSizeLimit(settings.maxMessageSize()), tls);
    this.stub = PeerGrpc.newBlockingStub(connection.channel());
    this.asyncStub = PeerGrpc.newStub(connection.channel());
    this.reads = new ReadStream(asyncStub, settings.maxMessageSize());
    this.rpcTimeout = settings.rpcTimeout();
    this.loadTimeout = settings.loadTimeout();
  }

  /**
   * The allow-list the causes of the failures this peer sends are decoded under.
   *
   * @return the node's allow-list
   */
  AllowList causes() {
    return causes;
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
   * Makes one call that changes the cache, within the call deadline; it is never sent twice.
   *
   * @param operation names the operation, for messages
   * @param cache the cache it is about, for messages
   * @param call the call on a stub that carries the deadline
   * @param <R> the reply type
   * @return the reply
   * @throws PeerException if the call failed
   */
  public <R> R call(String operation, CacheId cache, Function<PeerGrpc.PeerBlockingStub, R> call) {
    return call(operation, cache, CallKind.WRITE, call);
  }

  /**
   * Makes one call of the given kind: within the call deadline, plus the load timeout when it may
   * load; sent once more after a transient failure when it changes nothing.
   *
   * @param operation names the operation, for messages
   * @param cache the cache it is about, for messages
   * @param kind what the call may do
   * @param call the call on a stub that carries the deadline
   * @param <R> the reply type
   * @return the reply
   * @throws PeerException if the call failed or the peer cannot be reached
   * @throws CacheLoaderException if a call that may load passed its deadline
   */
  public <R> R call(String operation, CacheId cache, CallKind kind, Function<PeerGrpc.PeerBlockingStub, R> call) {
    return call(operation, cache, kind, true, call);
  }

  /**
   * Makes one call like {@link #call(String, CacheId, CallKind, Function)}, except that a peer
   * never reached yet is not waited for: for what every peer is told (a definition, a listener),
   * which a peer that starts later learns by itself.
   *
   * @param operation names the operation, for messages
   * @param cache the cache it is about, for messages
   * @param kind what the call may do
   * @param call the call on a stub that carries the deadline
   * @param <R> the reply type
   * @return the reply
   * @throws PeerException if the call failed or the peer is not up
   */
  public <R> R callIfUp(String operation, CacheId cache, CallKind kind, Function<PeerGrpc.PeerBlockingStub, R> call) {
    return call(operation, cache, kind, false, call);
  }

  private <R> R call(String operation, CacheId cache, CallKind kind, boolean waitForStart,
      Function<PeerGrpc.PeerBlockingStub, R> call) {
    return send(operation, cache, kind, waitForStart,
        deadline -> call.apply(stub.withDeadlineAfter(deadline.toNanos(), TimeUnit.NANOSECONDS)));
  }

  /**
   * Reads one key on the peer, a get or a hot get, with the rules of
   * {@link #call(String, CacheId, CallKind, Function)}: over the stream of reads this client keeps
   * to the peer (see {@link ReadStream}), where many callers' reads share messages; as a unary call
   * when the stream has too many reads waiting or the key is too large for it.
   *
   * @param operation names the operation, for messages
   * @param cache the cache read
   * @param kind a read, or a load when the cache reads through
   * @param read a get or a hot get
   * @param view the view the read is routed by, whose header it carries
   * @param key the encoded key
   * @return the owner's reply; for a get, its {@code reply} field only
   * @throws PeerException if the read failed or the peer cannot be reached
   * @throws CacheLoaderException if a read that may load passed its deadline
   */
  public HotReply read(String operation, CacheId cache, CallKind kind, ReadKind read, ClusterView view, byte[] key) {
    return send(operation, cache, kind, true, deadline -> {
      if (!reads.takes(key.length)) {
        return unaryRead(stub.withDeadlineAfter(deadline.toNanos(), TimeUnit.NANOSECONDS), read, cache, view, key);
      }
      return reads.await(reads.read(cache, view, key, read, System.nanoTime() + deadline.toNanos()));
    });
  }

  /** A read as its own call, for what the stream of reads does not take. */
  private static HotReply unaryRead(PeerGrpc.PeerBlockingStub stub, ReadKind read, CacheId cache, ClusterView view,
      byte[] key) {
    KeyRequest request = keyRequest(cache, view, key);
    return read == ReadKind.HOT_GET ? stub.hotGet(request) : HotReply.newBuilder().setReply(stub.get(request)).build();
  }

  /** The request of a read sent as its own call. */
  private static KeyRequest keyRequest(CacheId cache, ClusterView view, byte[] key) {
    return KeyRequest.newBuilder().setHeader(Headers.of(cache, view)).setKey(ByteString.copyFrom(key)).build();
  }

  /**
   * Reads one key on the peer without blocking the caller, as {@link #read} does, with the rules
   * of {@link #callAsync}; the result completes on {@code executor}, never on the network thread.
   *
   * @param operation names the operation, for messages
   * @param cache the cache read
   * @param kind a read, or a load when the cache reads through
   * @param read a get or a hot get
   * @param view the view the read is routed by
   * @param key the encoded key
   * @param executor waits for the connection when it is not ready, and completes the result
   * @return the owner's reply, or the failure {@link #read} would throw
   */
  public CompletableFuture<HotReply> readAsync(String operation, CacheId cache, CallKind kind, ReadKind read,
      ClusterView view, byte[] key, Executor executor) {
    long start = System.nanoTime();
    return attemptAsync(operation, cache, kind, deadline -> {
      if (!reads.takes(key.length)) {
        CompletableFuture<HotReply> reply = new CompletableFuture<>();
        KeyRequest request = keyRequest(cache, view, key);
        PeerGrpc.PeerStub async = asyncStub.withDeadlineAfter(deadline.toNanos(), TimeUnit.NANOSECONDS);
        if (read == ReadKind.HOT_GET) {
          async.hotGet(request, completing(reply));
        } else {
          CompletableFuture<Reply> plain = new CompletableFuture<>();
          async.get(request, completing(plain));
          return plain.thenApply(value -> HotReply.newBuilder().setReply(value).build());
        }
        return reply;
      }
      ReadStream.Pending pending = reads.read(cache, view, key, read, System.nanoTime() + deadline.toNanos());
      reads.failAtDeadline(pending);
      return pending;
    }, executor, 1)
        .whenCompleteAsync((reply, failure) -> times.record(operation, System.nanoTime() - start, failure != null),
            executor);
  }

  private <R> R send(String operation, CacheId cache, CallKind kind, boolean waitForStart,
      Function<Duration, R> send) {
    long start = System.nanoTime();
    boolean failed = true;
    try {
      R reply = attempt(operation, cache, kind, waitForStart, send);
      failed = false;
      return reply;
    } finally {
      times.record(operation, System.nanoTime() - start, failed);
    }
  }

  private <R> R attempt(String operation, CacheId cache, CallKind kind, boolean waitForStart,
      Function<Duration, R> send) {
    Duration deadline = deadline(kind);
    for (int attempt = 1; ; attempt++) {
      awaitReady(operation, cache, waitForStart);
      try {
        return send.apply(deadline);
      } catch (StatusRuntimeException e) {
        if (sendAgain(attempt, kind, e)) {
          continue;
        }
        throw failure(operation, cache, kind, e);
      }
    }
  }

  /**
   * Makes one call of the given kind without blocking the caller, with the rules of
   * {@link #call(String, CacheId, CallKind, Function)}: when the connection is ready the call goes
   * out at once and its reply completes the result on gRPC's threads; otherwise the wait for the
   * connection runs on {@code executor} first.
   *
   * @param operation names the operation, for messages
   * @param cache the cache it is about, for messages
   * @param kind what the call may do
   * @param call starts the call on a stub that carries the deadline, with the observer of its reply
   * @param executor waits for the connection when it is not ready
   * @param <R> the reply type
   * @return the reply, or the failure {@code call} would throw
   */
  public <R> CompletableFuture<R> callAsync(String operation, CacheId cache, CallKind kind,
      BiConsumer<PeerGrpc.PeerStub, StreamObserver<R>> call, Executor executor) {
    long start = System.nanoTime();
    return attemptAsync(operation, cache, kind, deadline -> {
      CompletableFuture<R> reply = new CompletableFuture<>();
      call.accept(asyncStub.withDeadlineAfter(deadline.toNanos(), TimeUnit.NANOSECONDS), completing(reply));
      return reply;
    }, executor, 1)
        .whenComplete((reply, failure) -> times.record(operation, System.nanoTime() - start, failure != null));
  }

  /** The observer of a unary call's reply that completes {@code reply} with it. */
  private static <R> StreamObserver<R> completing(CompletableFuture<R> reply) {
    return new StreamObserver<R>() {
      private R value;

      @Override
      public void onNext(R next) {
        value = next;
      }

      @Override
      public void onError(Throwable failure) {
        reply.completeExceptionally(failure);
      }

      @Override
      public void onCompleted() {
        reply.complete(value);
      }
    };
  }

  private <R> CompletableFuture<R> attemptAsync(String operation, CacheId cache, CallKind kind,
      Function<Duration, CompletableFuture<R>> send, Executor executor, int attempt) {
    CompletableFuture<Void> ready = connection.isReady()
        ? CompletableFuture.completedFuture(null)
        : CompletableFuture.runAsync(() -> awaitReady(operation, cache), executor);
    return ready.thenCompose(connected -> send.apply(deadline(kind))).exceptionallyCompose(failure -> {
      Throwable cause = failure instanceof CompletionException && failure.getCause() != null
          ? failure.getCause() : failure;
      if (cause instanceof StatusRuntimeException e) {
        return sendAgain(attempt, kind, e)
            ? attemptAsync(operation, cache, kind, send, executor, attempt + 1)
            : CompletableFuture.failedFuture(failure(operation, cache, kind, e));
      }
      return CompletableFuture.failedFuture(cause);
    });
  }

  /** Whether a call that failed so is sent once more: a read whose connection failed under it. */
  private static boolean sendAgain(int attempt, CallKind kind, StatusRuntimeException e) {
    return attempt == 1 && kind.isIdempotent() && code(e) == Status.Code.UNAVAILABLE;
  }

  /**
   * The status code of a failed call, where a connection that closed under the call counts as
   * {@code UNAVAILABLE}: gRPC reports a write on a connection the peer just closed (it was killed
   * while the channel still took it for ready) as {@code UNKNOWN - channel closed}, and that peer
   * is as unreachable as one that refused the connection.
   */
  private static Status.Code code(StatusRuntimeException e) {
    Status.Code code = e.getStatus().getCode();
    if (code == Status.Code.UNKNOWN && closedUnder(e)) {
      return Status.Code.UNAVAILABLE;
    }
    return code;
  }

  private static boolean closedUnder(StatusRuntimeException e) {
    if ("channel closed".equals(e.getStatus().getDescription())) {
      return true;
    }
    for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
      if (cause instanceof java.nio.channels.ClosedChannelException) {
        return true;
      }
    }
    return false;
  }

  /**
   * The exception for a failed call of the given kind: a {@link CacheLoaderException} for a call
   * that may load and passed its deadline, the owner's load having taken longer; otherwise the
   * {@link PeerException} of {@link #failure(String, CacheId, StatusRuntimeException)}.
   */
  private RuntimeException failure(String operation, CacheId cache, CallKind kind, StatusRuntimeException e) {
    if (kind.mayLoad() && e.getStatus().getCode() == Status.Code.DEADLINE_EXCEEDED) {
      return new CacheLoaderException("peer " + peer.name() + " (" + peer.address() + ") did not finish "
          + operation + " on cache " + cache + " within the load timeout of " + loadTimeout
          + " (peanutcache.load.timeout) and the call deadline of " + rpcTimeout
          + " (peanutcache.rpc.timeout): the owner's load took longer", e);
    }
    return failure(operation, cache, e);
  }

  /** The deadline of a call of the given kind: plus the load timeout when it may load or streams. */
  private Duration deadline(CallKind kind) {
    return kind.hasLongDeadline() ? rpcTimeout.plus(loadTimeout) : rpcTimeout;
  }

  /**
   * Waits until the connection to the peer is ready for a call.
   *
   * @param operation names the operation, for messages
   * @param cache the cache it is about, for messages
   * @throws PeerException with status UNAVAILABLE if the peer cannot be reached
   */
  public void awaitReady(String operation, CacheId cache) {
    awaitReady(operation, cache, true);
  }

  /**
   * Waits until the connection to the peer is ready for a call, as {@link #awaitReady} does, but
   * takes a peer that refuses a fresh connection for down at once, even one never reached yet.
   *
   * @param operation names the operation, for messages
   * @param cache the cache it is about, for messages
   * @throws PeerException with status UNAVAILABLE if the peer cannot be reached
   */
  public void awaitUp(String operation, CacheId cache) {
    awaitReady(operation, cache, false);
  }

  /**
   * Waits until the connection to the peer is ready for a call, as {@link #awaitReady} does for a
   * peer never reached while {@code mayBeStarting} holds, and as {@link #awaitUp} does once it no
   * longer does.
   *
   * @param operation names the operation, for messages
   * @param cache the cache it is about, for messages
   * @param mayBeStarting whether the peer may still be starting, asked each time it refuses
   * @throws PeerException with status UNAVAILABLE if the peer cannot be reached
   */
  public void awaitStarted(String operation, CacheId cache, BooleanSupplier mayBeStarting) {
    awaitReady(operation, cache, mayBeStarting);
  }

  private void awaitReady(String operation, CacheId cache, boolean waitForStart) {
    awaitReady(operation, cache, waitForStart ? () -> true : () -> false);
  }

  private void awaitReady(String operation, CacheId cache, BooleanSupplier mayBeStarting) {
    try {
      connection.awaitReady(mayBeStarting);
    } catch (PeerConnection.NotConnected e) {
      if (retired) {
        throw notSent(operation, cache);
      }
      throw new PeerException("peer " + peer.name() + " (" + peer.address() + ") cannot be reached for "
          + operation + " on cache " + cache + ": " + e.getMessage(), Status.Code.UNAVAILABLE.name(), null);
    }
  }

  /**
   * The exception for a call not sent because the peer left the cluster meanwhile: {@code ABORTED},
   * which its sender sends again once its view has caught up.
   */
  private PeerException notSent(String operation, CacheId cache) {
    return new PeerException("peer " + peer.name() + " (" + peer.address() + ") left the cluster before "
        + operation + " on cache " + cache + " was sent to it; the sender is to send it again",
        Status.Code.ABORTED.name(), null);
  }

  /**
   * The exception for a failed call, naming the peer, the cache, the operation and the status.
   * A peer that could not be reached is tried again on the next call, at most every
   * {@link PeerConnection#RETRY_INTERVAL_NANOS}: a peer that comes back is reached within that,
   * not after the channel's backoff.
   *
   * @param operation names the operation
   * @param cache the cache it is about
   * @param e what gRPC reported
   * @return the exception to throw
   */
  public PeerException failure(String operation, CacheId cache, StatusRuntimeException e) {
    Status.Code code = code(e);
    if (retired && code == Status.Code.UNAVAILABLE && "Channel shutdown invoked".equals(e.getStatus().getDescription())) {
      // gRPC's answer to a call made on a channel already shut down: the call never left
      return notSent(operation, cache);
    }
    if (code == Status.Code.UNAVAILABLE) {
      connection.retrySoon(PeerConnection.RETRY_INTERVAL_NANOS);
    }
    String description = e.getStatus().getDescription();
    return new PeerException("peer " + peer.name() + " (" + peer.address() + ") failed " + operation
        + " on cache " + cache + ": " + e.getStatus().getCode()
        + (description == null ? "" : " - " + description), code.name(), e);
  }

  /**
   * Stops taking calls and closes the channel once the calls in flight have ended, for a peer
   * that left the cluster.
   */
  public void retire() {
    retired = true;
    reads.finish();
    connection.shutdown();
  }

  @Override
  public void close() {
    reads.finish();
    connection.shutdownNow();
    ownTls.ifPresent(PeerTls::close);
  }

  /**
   * A stub for calls whose answer nobody waits for, such as hot-cache invalidations; it carries
   * the call deadline and does not wait for a connection.
   *
   * @return the stub
   */
  public PeerGrpc.PeerStub asyncStub() {
    return asyncStub.withDeadlineAfter(rpcTimeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  /**
   * The peer's blocking stub, with a deadline of its own.
   *
   * @param deadline the call's deadline, from now
   * @return the stub
   */
  public PeerGrpc.PeerBlockingStub blockingStub(Duration deadline) {
    return stub.withDeadlineAfter(deadline.toNanos(), TimeUnit.NANOSECONDS);
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
