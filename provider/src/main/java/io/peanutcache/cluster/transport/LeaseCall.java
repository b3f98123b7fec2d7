package io.peanutcache.cluster.transport;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.peanutcache.PeerException;
import io.peanutcache.cluster.hosting.CacheId;
import io.peanutcache.cluster.leases.LeaseExpiredException;
import io.peanutcache.cluster.peers.OwnerLease;
import io.peanutcache.cluster.transport.proto.LeaseAcquire;
import io.peanutcache.cluster.transport.proto.LeaseReply;
import io.peanutcache.cluster.transport.proto.LeaseRequest;
import io.peanutcache.cluster.transport.proto.LeaseWrite;
import io.peanutcache.cluster.transport.proto.Outcome;
import io.peanutcache.cluster.transport.proto.VersionedReply;
import io.peanutcache.engine.ProcessorEntry;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import javax.cache.CacheException;

/**
 * The caller's side of one Lease stream (see {@code peer.proto}), for a thread that waits for
 * each answer: {@link #open} sends acquire, {@link #granted} waits for granted, {@link #write}
 * sends what the processor did and waits for written (or a fresh granted). {@link #close} gives
 * the lease up without writing, unless the stream has ended with a write or a failed read. One
 * thread uses a call at a time; the answers arrive on gRPC's threads and are queued for it.
 */
final class LeaseCall implements ClientResponseObserver<LeaseRequest, LeaseReply>, OwnerLease {

  /** The end of the stream: what the owner ended it with, null when it ended without a failure. */
  private record Ended(Throwable failure) {}

  private final PeerClient client;
  private final CacheId cache;
  private final BlockingQueue<Object> answers = new LinkedBlockingQueue<>();
  private ClientCallStreamObserver<LeaseRequest> requests;
  /** A fresh grant that answered a write, for {@link #granted} to return; only the caller's thread. */
  private LeaseReply regranted;
  /** Whether the owner ended the lease: it wrote, or could not read the entry; only the caller's thread. */
  private boolean ended;

  private LeaseCall(PeerClient client, CacheId cache) {
    this.client = client;
    this.cache = cache;
  }

  /**
   * Opens a stream to the key's owner and asks for the lease.
   *
   * @param client the owner's client
   * @param cache the cache, for messages
   * @param deadline how long the whole stream may last: waiting for the lease, holding it, writing
   * @param acquire the key and the header
   * @return the open call
   * @throws PeerException with status UNAVAILABLE if the owner cannot be reached
   */
  static LeaseCall open(PeerClient client, CacheId cache, Duration deadline, LeaseAcquire acquire) {
    client.awaitReady("invoke", cache);
    LeaseCall call = new LeaseCall(client, cache);
    client.asyncStub(deadline).lease(call);
    call.send(LeaseRequest.newBuilder().setAcquire(acquire).build());
    return call;
  }

  @Override
  public void beforeStart(ClientCallStreamObserver<LeaseRequest> stream) {
    this.requests = stream;
  }

  @Override
  public void onNext(LeaseReply reply) {
    answers.add(reply);
  }

  @Override
  public void onError(Throwable failure) {
    answers.add(new Ended(failure));
  }

  @Override
  public void onCompleted() {
    answers.add(new Ended(null));
  }

  /**
   * Waits for the owner's next message.
   *
   * @return granted or written
   * @throws LeaseExpiredException if the lease expired on the owner before the write arrived
   * @throws PeerException if the stream failed (not owner, unreachable, deadline passed, refused)
   * @throws CacheException if the owner ended the stream without an answer, or this thread was
   *     interrupted (the lease is then given up)
   */
  private LeaseReply next() {
    Object answer;
    try {
      answer = answers.take();
    } catch (InterruptedException e) {
      cancel("the caller was interrupted");
      Thread.currentThread().interrupt();
      throw new CacheException("interrupted while waiting for the lease of a key of cache " + cache
          + " from " + client.peer().name(), e);
    }
    if (answer instanceof LeaseReply reply) {
      return reply;
    }
    Throwable failure = ((Ended) answer).failure();
    if (failure == null) {
      throw new CacheException("peer " + client.peer().name() + " ended the lease stream of cache " + cache
          + " without an answer");
    }
    StatusRuntimeException status = failure instanceof StatusRuntimeException e
        ? e : Status.fromThrowable(failure).asRuntimeException();
    if (status.getStatus().getCode() == Status.Code.ABORTED) {
      throw new LeaseExpiredException("invoke on cache " + cache + " failed: "
          + status.getStatus().getDescription());
    }
    throw client.failure("invoke", cache, status);
  }

  @Override
  public byte[] granted() {
    LeaseReply reply = regranted != null ? regranted : next();
    regranted = null;
    if (!reply.hasGranted()) {
      throw new CacheException("peer " + client.peer().name() + " answered the lease of a key of cache "
          + cache + " with " + reply.getStepCase() + " before granting it");
    }
    VersionedReply granted = reply.getGranted();
    if (granted.hasFailure()) {
      ended = true; // the owner could not read the entry, and released the lease
      throw Replies.failure(granted.getFailure(), client);
    }
    return granted.getPresent() ? granted.getValue().toByteArray() : null;
  }

  @Override
  public boolean write(ProcessorEntry.Outcome outcome, byte[] value) {
    LeaseWrite.Builder write = LeaseWrite.newBuilder().setOutcome(wire(outcome));
    if (value != null) {
      write.setValue(ByteString.copyFrom(value));
    }
    send(LeaseRequest.newBuilder().setWrite(write).build());
    LeaseReply reply = next();
    if (!reply.hasWritten()) {
      regranted = reply;
      return false;
    }
    ended = true;
    if (reply.getWritten().hasFailure()) {
      throw Replies.failure(reply.getWritten().getFailure(), client);
    }
    return true;
  }

  @Override
  public void close() {
    if (!ended) {
      // the processor or the stream failed: give the lease up now rather than at expiry
      cancel("the invoke on this caller ended without a write");
    }
  }

  /**
   * Gives the lease up without writing, or stops waiting for it; does nothing once the stream has
   * ended.
   *
   * @param why for the owner's log
   */
  private void cancel(String why) {
    requests.cancel(why, null);
  }

  private static Outcome wire(ProcessorEntry.Outcome outcome) {
    return switch (outcome) {
      case NONE -> Outcome.OUTCOME_NONE;
      case ACCESS -> Outcome.OUTCOME_ACCESS;
      case LOAD -> Outcome.OUTCOME_LOAD;
      case CREATE -> Outcome.OUTCOME_CREATE;
      case UPDATE -> Outcome.OUTCOME_UPDATE;
      case REMOVE -> Outcome.OUTCOME_REMOVE;
    };
  }

  private void send(LeaseRequest request) {
    try {
      requests.onNext(request);
    } catch (IllegalStateException ended) {
      // the stream has ended already; next() reports how
    }
  }
}
