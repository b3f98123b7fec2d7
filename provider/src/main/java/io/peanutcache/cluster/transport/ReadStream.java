package io.peanutcache.cluster.transport;

import com.google.common.util.concurrent.MoreExecutors;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.peanutcache.cluster.hosting.CacheId;
import io.peanutcache.cluster.ring.ClusterView;
import io.peanutcache.cluster.transport.proto.Header;
import io.peanutcache.cluster.transport.proto.HotReply;
import io.peanutcache.cluster.transport.proto.PeerGrpc;
import io.peanutcache.cluster.transport.proto.Read;
import io.peanutcache.cluster.transport.proto.ReadBatch;
import io.peanutcache.cluster.transport.proto.ReadKind;
import io.peanutcache.cluster.transport.proto.ReadReplies;
import io.peanutcache.cluster.transport.proto.ReadReply;
import io.peanutcache.threads.DaemonThreads;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * This node's stream of reads to one peer: the gets and hot gets of every caller travel over one
 * long-lived gRPC stream, each under an id its reply comes back with, instead of one call each. A
 * call costs a new HTTP/2 stream, headers both ways and a deadline timer; a read on the stream is
 * a few bytes in a message that is sent anyway.
 *
 * <p>Reads that come while another caller is sending are sent together, in one message, by
 * whichever caller sends next (at most {@value ServedReads#MAX_READS_PER_BATCH} reads and about
 * half the largest message each): one caller alone sends its read at once, and many callers share
 * messages, system calls and wake-ups. Every read keeps the guarantees of its unary call: it
 * carries the header of the view it was routed by, and the time left to its deadline, which the
 * owner drops it after; its caller stops waiting at that deadline; a read on a stream that breaks
 * fails with the stream's status ({@code UNAVAILABLE} when the connection failed), which the caller
 * treats as it would the call's. A broken stream is opened again by the next read.
 *
 * <p>The replies are read on the network thread, which only hands each to its waiting caller.
 */
final class ReadStream {

  /** The most reads waiting for replies at once; a read beyond them goes as a unary call. */
  static final int MAX_PENDING = 16_384;

  private final PeerGrpc.PeerStub stub;
  /** About how many bytes of reads go in one message: half the largest message. */
  private final int batchBytes;
  private final AtomicLong ids = new AtomicLong();
  private final Map<Long, Pending> pending = new ConcurrentHashMap<>();
  private final AtomicInteger pendingCount = new AtomicInteger();
  private final ConcurrentLinkedQueue<Pending> waiting = new ConcurrentLinkedQueue<>();
  /** Whether a caller is sending: only that caller touches {@link #current}'s requests. */
  private final AtomicBoolean sending = new AtomicBoolean();
  private volatile Opened current;
  /** Whether the client stopped calling its peer: no read goes on the stream any more. */
  private volatile boolean finished;

  /** Fails the reads whose callers do not wait on them at their deadlines. */
  private static final ScheduledThreadPoolExecutor DEADLINES = deadlines();

  private static ScheduledThreadPoolExecutor deadlines() {
    ScheduledThreadPoolExecutor deadlines =
        new ScheduledThreadPoolExecutor(1, new DaemonThreads("peanutcache-read-deadlines"));
    deadlines.setRemoveOnCancelPolicy(true);
    return deadlines;
  }

  /**
   * The stream of reads over {@code stub}'s channel, opened by the first read.
   *
   * @param stub the peer's stub
   * @param maxMessageSize the largest message this node sends
   */
  ReadStream(PeerGrpc.PeerStub stub, int maxMessageSize) {
    // replies are handed to their callers on the network thread itself: no thread in between
    this.stub = stub.withExecutor(MoreExecutors.directExecutor());
    this.batchBytes = Math.max(1, maxMessageSize / 2);
  }

  /**
   * Whether a read of a key of {@code keyBytes} bytes can go on the stream now: not when it alone
   * would take most of a message, nor when too many reads wait for replies.
   *
   * @param keyBytes the size of the key
   * @return true if {@link #read} takes it
   */
  boolean takes(int keyBytes) {
    return !finished && keyBytes < batchBytes / 2 && pendingCount.get() < MAX_PENDING;
  }

  /**
   * Sends one read and returns its reply when it comes; completed on the network thread.
   *
   * @param cache the cache read
   * @param view the view the read was routed by
   * @param key the encoded key
   * @param kind a get or a hot get
   * @param deadlineNanos when, on {@link System#nanoTime()}, the caller stops waiting
   * @return the owner's reply, or the status the read failed with as a {@link StatusRuntimeException}
   */
  Pending read(CacheId cache, ClusterView view, byte[] key, ReadKind kind, long deadlineNanos) {
    Pending read = new Pending(ids.incrementAndGet(), cache, view, key, kind, deadlineNanos);
    pending.put(read.id, read);
    pendingCount.incrementAndGet();
    waiting.add(read);
    send();
    return read;
  }

  /**
   * Waits for the reply to a read, until its deadline. The caller sleeps until the network thread
   * that reads the reply wakes it: a caller that polled for its reply instead would save that
   * wake-up, but would occupy a core for the whole round trip, which the network threads and the
   * owner need, and would spend more processor time per get than the get itself.
   *
   * @param read the read
   * @return its reply
   * @throws StatusRuntimeException with the status the read failed with; {@code DEADLINE_EXCEEDED}
   *     at its deadline; {@code CANCELLED} if this thread was interrupted (which it stays)
   */
  HotReply await(Pending read) {
    try {
      return read.get(Math.max(0, read.deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      forget(read, Status.DEADLINE_EXCEEDED.withDescription("no reply within the deadline"));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      forget(read, Status.CANCELLED.withDescription("Thread interrupted").withCause(e));
    } catch (ExecutionException e) {
      throw (StatusRuntimeException) e.getCause();
    }
    return outcome(read); // failed by forget, unless the reply came just before
  }

  /** The outcome of a read that is done. */
  private static HotReply outcome(Pending read) {
    try {
      return read.get();
    } catch (ExecutionException e) {
      throw (StatusRuntimeException) e.getCause();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // not reached: the read is done, and get does not wait
      throw Status.CANCELLED.withDescription("Thread interrupted").withCause(e).asRuntimeException();
    }
  }

  /** Stops waiting for a read: fails it with {@code status} unless its reply came. */
  void forget(Pending read, Status status) {
    if (pending.remove(read.id, read)) {
      pendingCount.decrementAndGet();
    }
    read.completeExceptionally(status.asRuntimeException());
  }

  /** Sends what waits, by whichever caller comes while no other sends; loops until nothing waits. */
  private void send() {
    while (!waiting.isEmpty() && sending.compareAndSet(false, true)) {
      try {
        Pending first;
        while ((first = waiting.poll()) != null) {
          sendBatch(first);
        }
      } finally {
        sending.set(false);
      }
    }
  }

  /** Sends {@code first} and what waits after it, within one message. */
  private void sendBatch(Pending first) {
    if (finished) {
      // the client stopped calling its peer after these reads were taken: they were not sent
      forget(first, Status.ABORTED.withDescription("the peer left the cluster before the read was sent; "
          + "the sender is to send it again"));
      return;
    }
    Opened stream = current;
    if (stream == null || stream.broken) {
      stream = current = open();
    }
    List<Pending> reads = new ArrayList<>();
    List<Header> headers = new ArrayList<>(1);
    ReadBatch.Builder batch = ReadBatch.newBuilder();
    int bytes = 0;
    for (Pending read = first; read != null; ) {
      // the clock read for each read: one taken from the queue now may have been made after an
      // earlier reading, and would tell the peer more time than its caller waits
      long left = read.deadlineNanos - System.nanoTime();
      if (left <= 0) {
        forget(read, Status.DEADLINE_EXCEEDED.withDescription("the deadline passed before the read was sent"));
      } else if (!read.isDone()) {
        read.stream = stream;
        reads.add(read);
        batch.addReads(Read.newBuilder().setId(read.id).setHeader(headerIndex(headers, batch, read))
            .setKey(WireBytes.wrap(read.key)).setTimeoutNanos(left).setKind(read.kind));
        bytes += read.key.length + 32;
      }
      if (reads.size() >= ServedReads.MAX_READS_PER_BATCH || bytes >= batchBytes) {
        break;
      }
      read = waiting.poll();
    }
    if (reads.isEmpty()) {
      return;
    }
    try {
      stream.requests.onNext(batch.build());
    } catch (RuntimeException e) {
      stream.fail(Status.INTERNAL.withDescription("a batch of reads could not be sent: " + e).withCause(e));
      stream.requests.cancel("a batch of reads could not be sent", e);
    }
    if (stream.broken) {
      stream.sweep(); // it broke while the batch was made: what went on it has failed with it
    }
  }

  /** The index of the header of {@code read}'s cache and view in the batch, added if it is new. */
  private static int headerIndex(List<Header> headers, ReadBatch.Builder batch, Pending read) {
    for (int i = 0; i < headers.size(); i++) {
      Header header = headers.get(i);
      if (header.getEpoch() == read.view.epoch() && header.getCacheName().equals(read.cache.name())
          && header.getCacheUri().equals(read.cache.manager())) {
        return i;
      }
    }
    Header header = Headers.of(read.cache, read.view);
    headers.add(header);
    batch.addHeaders(header);
    return headers.size() - 1;
  }

  private Opened open() {
    Opened stream = new Opened();
    stub.reads(stream);
    return stream;
  }

  /**
   * Fails {@code read} at its deadline unless its reply comes first: for a caller that does not
   * wait on it.
   *
   * @param read a read sent by {@link #read}
   */
  void failAtDeadline(Pending read) {
    ScheduledFuture<?> timer = DEADLINES.schedule(
        () -> forget(read, Status.DEADLINE_EXCEEDED.withDescription("no reply within the deadline")),
        Math.max(0, read.deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
    read.whenComplete((reply, failure) -> timer.cancel(false));
  }

  /**
   * Takes no more reads, and ends the stream once the peer has answered the reads it carries: for
   * a client that stops calling its peer. Later reads go as unary calls, on a channel that refuses
   * them.
   */
  void finish() {
    finished = true;
    while (!sending.compareAndSet(false, true)) {
      Thread.onSpinWait(); // a caller is sending a batch, which takes microseconds
    }
    try {
      Opened stream = current;
      if (stream != null && !stream.broken) {
        stream.requests.onCompleted();
      }
    } catch (RuntimeException ended) {
      // the stream had ended
    } finally {
      sending.set(false);
    }
  }

  /** One read waiting for its reply. */
  static final class Pending extends CompletableFuture<HotReply> {

    private final long id;
    private final CacheId cache;
    private final ClusterView view;
    private final byte[] key;
    private final ReadKind kind;
    private final long deadlineNanos;
    /** The stream it went out on; null while it waits to be sent. */
    private volatile Opened stream;

    private Pending(long id, CacheId cache, ClusterView view, byte[] key, ReadKind kind, long deadlineNanos) {
      this.id = id;
      this.cache = cache;
      this.view = view;
      this.key = key;
      this.kind = kind;
      this.deadlineNanos = deadlineNanos;
    }
  }

  /** One opening of the stream: its requests, and the replies it hands to the reads it carried. */
  private final class Opened implements ClientResponseObserver<ReadBatch, ReadReplies> {

    private ClientCallStreamObserver<ReadBatch> requests;
    private volatile boolean broken;
    private volatile Status failure;

    @Override
    public void beforeStart(ClientCallStreamObserver<ReadBatch> requests) {
      this.requests = requests;
    }

    @Override
    public void onNext(ReadReplies replies) {
      for (ReadReply reply : replies.getRepliesList()) {
        Pending read = pending.remove(reply.getId());
        if (read == null) {
          continue; // its caller stopped waiting
        }
        pendingCount.decrementAndGet();
        if (reply.getStatus() == Status.Code.OK.value()) {
          read.complete(reply.getReply());
        } else {
          Status status = Status.fromCodeValue(reply.getStatus());
          read.completeExceptionally((reply.getDescription().isEmpty() ? status
              : status.withDescription(reply.getDescription())).asRuntimeException());
        }
      }
    }

    @Override
    public void onError(Throwable error) {
      fail(Status.fromThrowable(error));
    }

    @Override
    public void onCompleted() {
      fail(Status.UNAVAILABLE.withDescription("the peer ended the stream of reads (it is stopping)"));
    }

    void fail(Status status) {
      failure = status;
      broken = true;
      sweep();
    }

    /** Fails every read that went out on this stream and waits for its reply. */
    void sweep() {
      Status status = failure;
      for (Pending read : pending.values()) {
        if (read.stream == this) {
          forget(read, status);
        }
      }
    }
  }
}
