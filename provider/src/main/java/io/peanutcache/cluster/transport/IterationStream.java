package io.peanutcache.cluster.transport;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.peanutcache.cluster.hosting.HostedCache;
import io.peanutcache.cluster.ring.ClusterView;
import io.peanutcache.cluster.transport.proto.EntriesReply;
import io.peanutcache.cluster.transport.proto.Entry;
import io.peanutcache.cluster.transport.proto.IterateRequest;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import javax.cache.Cache;

/**
 * One iteration a peer streams from this node: the entries of the partitions it asks for, in
 * chunks of at most {@link Iterations#chunkBytes()} bytes, each produced only when gRPC says the
 * caller can take it ({@code isReady}); when it cannot, the stream waits for gRPC's
 * {@code onReady} and holds nothing but its place in the cache. A caller that cancels, goes away or
 * passes its deadline ends the stream at once.
 *
 * <p>Threading: {@link #ready} is called from the network thread and the handler; the chunks are
 * produced on the node's executor for peers' requests, by one task at a time (a counter of the
 * signals not yet handled makes sure a signal that arrives while a task runs is not lost).
 */
final class IterationStream {

  private final IterateRequest request;
  private final ServerCallStreamObserver<EntriesReply> out;
  private final Function<IterateRequest, HostedCache> caches;
  private final Executor executor;
  private final Iterations iterations;
  private final ClusterView view;
  private final String nodeName;
  private final AtomicInteger signals = new AtomicInteger();
  private final AtomicBoolean ended = new AtomicBoolean();
  private final AtomicLong handed = new AtomicLong();
  private volatile boolean waitingForReader;

  /** Set by the first task; read by the tasks after it, which the counter orders. */
  private HostedCache cache;
  private Set<Integer> partitions;
  private Iterator<Cache.Entry<Object, Object>> entries;

  IterationStream(IterateRequest request, ServerCallStreamObserver<EntriesReply> out,
      Function<IterateRequest, HostedCache> caches, Executor executor, Iterations iterations, ClusterView view) {
    this.request = request;
    this.out = out;
    this.caches = caches;
    this.executor = executor;
    this.iterations = iterations;
    this.view = view;
    this.nodeName = view.self().name();
  }

  /** Starts streaming; call from the handler, before it returns. */
  void start() {
    String refused = iterations.open(this);
    if (refused != null) {
      ended.set(true);
      out.onError(Status.RESOURCE_EXHAUSTED.withDescription(refused).asRuntimeException());
      return;
    }
    out.setOnCancelHandler(this::end);
    out.setOnReadyHandler(this::ready);
    ready();
  }

  /** The caller can take more, or the stream starts: produce on the executor. */
  private void ready() {
    if (signals.getAndIncrement() == 0) {
      try {
        executor.execute(this::produce);
      } catch (RejectedExecutionException overloaded) {
        fail(Status.RESOURCE_EXHAUSTED.withDescription(overloaded.getMessage()).asRuntimeException());
      }
    }
  }

  private void produce() {
    int handled = 1;
    while (true) {
      if (ended.get()) {
        return;
      }
      try {
        if (entries == null) {
          cache = caches.apply(request);
          partitions = new HashSet<>(request.getPartitionsList());
          entries = cache.owner().listing();
        }
        waitingForReader = false;
        while (out.isReady()) {
          EntriesReply chunk = nextChunk();
          if (chunk.getEntriesCount() > 0) {
            handed.addAndGet(chunk.getSerializedSize());
            out.onNext(chunk);
          }
          if (!entries.hasNext()) {
            if (end()) {
              out.onCompleted();
            }
            return;
          }
        }
        waitingForReader = true;
      } catch (StatusRuntimeException e) {
        fail(e);
        return;
      } catch (RuntimeException e) {
        fail(Status.INTERNAL.withDescription("iteration failed on " + nodeName + ": " + e).withCause(e)
            .asRuntimeException());
        return;
      }
      handled = signals.addAndGet(-handled);
      if (handled == 0) {
        return;
      }
    }
  }

  /** The next entries of the asked partitions, up to the chunk's bytes; empty at the end. */
  private EntriesReply nextChunk() {
    EntriesReply.Builder chunk = EntriesReply.newBuilder();
    long bytes = 0;
    int budget = iterations.chunkBytes();
    while (bytes < budget && entries.hasNext()) {
      Cache.Entry<Object, Object> entry = entries.next();
      byte[] key = cache.codec().encode(entry.getKey());
      if (!partitions.contains(view.partitionOf(key))) {
        continue;
      }
      ByteString value = PeerHandler.encode(cache, entry.getValue());
      chunk.addEntries(Entry.newBuilder().setKey(ByteString.copyFrom(key)).setValue(value));
      bytes += key.length + value.size();
    }
    return chunk.build();
  }

  /** Ends the stream with a failure, unless it has ended. */
  private void fail(StatusRuntimeException failure) {
    if (end()) {
      try {
        out.onError(failure);
      } catch (RuntimeException closed) {
        // the call has ended already (its reply was too large, or its caller went away)
      }
    }
  }

  /** Marks the stream ended, once; whether this call did. */
  private boolean end() {
    if (!ended.compareAndSet(false, true)) {
      return false;
    }
    waitingForReader = false;
    iterations.closed(this);
    return true;
  }

  boolean waitingForReader() {
    return waitingForReader && !ended.get();
  }

  long bytesHanded() {
    return handed.get();
  }
}
