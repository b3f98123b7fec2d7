package io.peanutcache.cluster.transport;

import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.peanutcache.cluster.transport.proto.Header;
import io.peanutcache.cluster.transport.proto.HotReply;
import io.peanutcache.cluster.transport.proto.Read;
import io.peanutcache.cluster.transport.proto.ReadBatch;
import io.peanutcache.cluster.transport.proto.ReadReplies;
import io.peanutcache.cluster.transport.proto.ReadReply;
import io.peanutcache.cluster.transport.proto.Reply;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One peer's stream of reads to this node, served: every read of a batch runs as its unary
 * {@code Get} or {@code HotGet} would, within its own deadline, and is answered under its id. The
 * replies made while a batch is read (the plain hits, answered on the network thread) leave
 * together in one message when the batch is done; the others leave as their reads end on the
 * executor.
 *
 * <p>What a peer can make this node spend is bounded: a batch holds at most
 * {@value #MAX_READS_PER_BATCH} reads; the next batch is read only once the replies of this one
 * can be sent (the stream asks for one message at a time, and not while its outbound buffer is
 * full); the reads that must wait go to the node's bounded executor for peers' requests, which
 * refuses them with {@code RESOURCE_EXHAUSTED} when full. A reply above
 * {@code peanutcache.max-message-size} is refused alone, as its unary call would be, and the
 * stream goes on.
 */
final class ServedReads implements StreamObserver<ReadBatch> {

  /** The most reads one batch may hold. */
  static final int MAX_READS_PER_BATCH = 1_024;

  /** About how many bytes of replies go out in one message. */
  private static final int REPLY_BYTES_PER_MESSAGE = 64 * 1024;

  /** What a reply adds to a message around itself: its tag and length. */
  private static final int REPLY_FRAMING_BYTES = 8;

  private final ServerCallStreamObserver<ReadReplies> out;
  private final PeerHost host;
  private final KeyOperationsHandler keys;
  private final MessageSizeLimit messageSize;
  private final Consumer<ServedReads> ended;
  /** The stream's context: cancelled when its caller goes away. */
  private final Context call = Context.current();
  /** Reads taken and not answered yet. */
  private final AtomicInteger unanswered = new AtomicInteger();
  /** The network thread while it reads a batch: what it answers meanwhile is gathered. */
  private Thread gatherer;
  /** The replies gathered while a batch is read; used on the network thread only. */
  private List<ReadReply> gathered;
  /** Whether a batch is to be asked for once the replies can go out; on the network thread only. */
  private boolean wantsBatch;
  /** Whether the stream takes no more batches: the caller is done, or the node stops. */
  private volatile boolean ending;
  /** Whether the stream has ended, either way; guarded by {@code this}. */
  private boolean closed;

  ServedReads(ServerCallStreamObserver<ReadReplies> out, PeerHost host, KeyOperationsHandler keys,
      MessageSizeLimit messageSize, Consumer<ServedReads> ended) {
    this.out = out;
    this.host = host;
    this.keys = keys;
    this.messageSize = messageSize;
    this.ended = ended;
    out.disableAutoRequest();
    out.setOnReadyHandler(this::ready);
    out.setOnCancelHandler(this::cancelled);
    out.request(1);
  }

  @Override
  public void onNext(ReadBatch batch) {
    if (batch.getReadsCount() > MAX_READS_PER_BATCH) {
      refuse("a batch of " + batch.getReadsCount() + " reads; allowed: at most " + MAX_READS_PER_BATCH);
      return;
    }
    int headers = batch.getHeadersCount();
    for (Read read : batch.getReadsList()) {
      if (read.getHeader() >= headers) {
        refuse("a read names header " + read.getHeader() + " of a batch of " + headers + " headers");
        return;
      }
    }
    gatherer = Thread.currentThread();
    gathered = new ArrayList<>(batch.getReadsCount());
    try {
      for (Read read : batch.getReadsList()) {
        unanswered.incrementAndGet();
        take(read, batch.getHeaders(read.getHeader()));
      }
    } finally {
      List<ReadReply> made = gathered;
      gatherer = null;
      gathered = null;
      send(made);
    }
    askForMore();
  }

  /** Starts one read: answered at once when it is a plain hit, on the executor otherwise. */
  private void take(Read read, Header header) {
    long id = read.getId();
    try {
      CallScope scope = new CallScope(call, Deadline.after(Math.max(0, read.getTimeoutNanos()), TimeUnit.NANOSECONDS));
      switch (read.getKind()) {
        case GET -> keys.get(scope, header, read.getKey(),
            new Answer<Reply>(id, "Get", reply -> HotReply.newBuilder().setReply(reply).build()));
        case HOT_GET -> keys.get(scope, header, read.getKey(),
            HotReplies.stamping(host.hot(), header, read.getKey(), new Answer<>(id, "HotGet", Function.identity())));
        default -> failed(id, PeerHandler.invalid("unknown read kind " + read.getKindValue()
            + "; allowed: GET, HOT_GET"));
      }
    } catch (RuntimeException e) {
      failed(id, Status.INTERNAL.withDescription("the read failed: " + e).withCause(e).asRuntimeException());
    }
  }

  /** Answers read {@code id} with the status it failed with. */
  private void failed(long id, Throwable failure) {
    Status status = Status.fromThrowable(failure);
    ReadReply.Builder refused = ReadReply.newBuilder().setId(id).setStatus(status.getCode().value());
    if (status.getDescription() != null) {
      refused.setDescription(status.getDescription());
    }
    answer(refused.build());
  }

  /** Sends a read's reply: with the batch's, when it was made while the batch is read. */
  private void answer(ReadReply reply) {
    if (Thread.currentThread() == gatherer) {
      gathered.add(reply);
    } else {
      send(List.of(reply));
    }
  }

  /** Sends replies, as few messages as their size allows, then ends the stream if it is done. */
  private void send(List<ReadReply> replies) {
    if (replies.isEmpty()) {
      return;
    }
    synchronized (this) {
      if (!closed) {
        try {
          int limit = Math.min(REPLY_BYTES_PER_MESSAGE, messageSize.bytes() / 2);
          ReadReplies.Builder message = ReadReplies.newBuilder();
          int bytes = 0;
          for (ReadReply reply : replies) {
            int size = reply.getSerializedSize() + REPLY_FRAMING_BYTES;
            if (bytes > 0 && bytes + size > limit) {
              out.onNext(message.build());
              message = ReadReplies.newBuilder();
              bytes = 0;
            }
            message.addReplies(reply);
            bytes += size;
          }
          out.onNext(message.build());
        } catch (StatusRuntimeException gone) {
          closed = true; // the caller went away
        }
      }
    }
    unanswered.addAndGet(-replies.size());
    finishIfDone();
  }

  /**
   * The reply itself, or, when it would not fit in a message, the refusal its unary call
   * {@code method} would get.
   */
  private ReadReply fitting(ReadReply reply, String method) {
    int size = reply.getSerializedSize() + REPLY_FRAMING_BYTES;
    if (size <= messageSize.bytes()) {
      return reply;
    }
    return ReadReply.newBuilder().setId(reply.getId()).setStatus(Status.Code.RESOURCE_EXHAUSTED.value())
        .setDescription(messageSize.refusal("the reply to " + method + " from node " + host.view().self().name(),
            size))
        .build();
  }

  /** Asks for the next batch now if its replies can go out, or once they can. */
  private void askForMore() {
    if (ending) {
      return;
    }
    if (out.isReady()) {
      out.request(1);
    } else {
      wantsBatch = true;
    }
  }

  private void ready() {
    if (wantsBatch && !ending) {
      wantsBatch = false;
      out.request(1);
    }
  }

  /** Takes no more batches: the stream ends once the reads it took are answered. */
  void end() {
    ending = true;
    finishIfDone();
  }

  private void finishIfDone() {
    if (!ending || unanswered.get() > 0) {
      return;
    }
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      try {
        out.onCompleted();
      } catch (StatusRuntimeException gone) {
        // the caller went away meanwhile
      }
    }
    ended.accept(this);
  }

  private void refuse(String what) {
    ending = true;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      out.onError(PeerHandler.invalid("the stream of reads to " + host.view().self().name() + " was refused: "
          + what));
    }
    ended.accept(this);
  }

  private void cancelled() {
    ending = true;
    synchronized (this) {
      closed = true;
    }
    ended.accept(this);
  }

  @Override
  public void onError(Throwable failure) {
    cancelled();
  }

  @Override
  public void onCompleted() {
    end();
  }

  /** Where one read's outcome goes: its reply, or the status it failed with, under its id. */
  private final class Answer<T> implements StreamObserver<T> {

    private final long id;
    /** The unary call the read stands for, for messages. */
    private final String method;
    private final Function<T, HotReply> asReply;
    private HotReply reply;

    Answer(long id, String method, Function<T, HotReply> asReply) {
      this.id = id;
      this.method = method;
      this.asReply = asReply;
    }

    @Override
    public void onNext(T value) {
      reply = asReply.apply(value);
    }

    @Override
    public void onError(Throwable failure) {
      failed(id, failure);
    }

    @Override
    public void onCompleted() {
      answer(fitting(ReadReply.newBuilder().setId(id).setReply(reply).build(), method));
    }
  }
}
