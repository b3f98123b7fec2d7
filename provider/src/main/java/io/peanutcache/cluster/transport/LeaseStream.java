package io.peanutcache.cluster.transport;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.peanutcache.cluster.hosting.HostedCache;
import io.peanutcache.cluster.leases.Lease;
import io.peanutcache.cluster.leases.LeaseHolder;
import io.peanutcache.cluster.leases.LeaseKey;
import io.peanutcache.cluster.leases.TooManyWaitersException;
import io.peanutcache.cluster.transport.proto.Header;
import io.peanutcache.cluster.transport.proto.LeaseAcquire;
import io.peanutcache.cluster.transport.proto.LeaseReply;
import io.peanutcache.cluster.transport.proto.LeaseRequest;
import io.peanutcache.cluster.transport.proto.LeaseWrite;
import io.peanutcache.cluster.transport.proto.LeaseWritten;
import io.peanutcache.cluster.transport.proto.VersionedReply;
import io.peanutcache.engine.ProcessorEntry;
import io.peanutcache.engine.VersionedValue;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The owner's side of one Lease stream (see {@code peer.proto}): takes the caller's acquire, asks
 * the node's lease table for the key's lease, sends the entry when the lease is the caller's,
 * applies the caller's write if the entry is unchanged (or grants it afresh if not), and ends the
 * stream, which releases the lease. A caller that goes away (its stream is cancelled, its
 * connection drops, its deadline passes) releases the lease at once.
 *
 * <p>Threading: gRPC calls {@link #onNext}, {@link #onError} and {@link #onCompleted} one at a
 * time on a network thread, which only checks the step and hands the work to the node's executor,
 * since resolving the cache, reading and writing the entry may block or run the cache's writer. The
 * acquire goes to the executor for peers' requests, which may refuse it ({@code RESOURCE_EXHAUSTED});
 * the steps of a stream it took go to the node's own executor.
 * The lease table calls {@link #granted} and {@link #expired} from other threads. Everything sent
 * to the caller goes out under this object's monitor, which guards the fields below.
 */
final class LeaseStream implements StreamObserver<LeaseRequest>, LeaseHolder {

  /** Where the stream is; each step allows one kind of message from the caller. */
  private enum Step {
    /** Nothing received: only acquire is allowed. */
    NEW,
    /** The acquire is being checked, or waits for the lease: nothing is allowed. */
    WAITING,
    /** The caller holds the lease and has the entry: only write is allowed. */
    GRANTED,
    /** The write is being applied: nothing is allowed. */
    WRITING,
    /** The stream has ended, and the lease with it. */
    ENDED
  }

  private final PeerHost host;
  private final ServerCallStreamObserver<LeaseReply> out;
  private final Function<Header, HostedCache> caches;
  private final BiConsumer<Header, byte[]> ownership;

  private Step step = Step.NEW;
  private HostedCache cache;
  private Object key;
  /** The caller's claim, once the table has it; released when the stream ends. */
  private Lease lease;
  /** The entry's version the caller was granted; the write applies only if it is unchanged. */
  private Object grantedVersion;
  /** The key's partition, which the write enters (see {@link io.peanutcache.cluster.handoff.PartitionGate}). */
  private int partition;

  /**
   * The owner's side of a stream that has just started.
   *
   * @param host the node
   * @param out the stream to the caller
   * @param caches the hosted cache a header names, or a NOT_FOUND status
   * @param ownership fails with FAILED_PRECONDITION unless this node owns the key
   */
  LeaseStream(PeerHost host, ServerCallStreamObserver<LeaseReply> out,
      Function<Header, HostedCache> caches, BiConsumer<Header, byte[]> ownership) {
    this.host = host;
    this.out = out;
    this.caches = caches;
    this.ownership = ownership;
    out.setOnCancelHandler(this::callerGone);
  }

  @Override
  public void onNext(LeaseRequest request) {
    synchronized (this) {
      switch (request.getStepCase()) {
        case ACQUIRE -> {
          if (step != Step.NEW) {
            failLater(invalid("acquire is allowed only as the first message of a lease stream"));
            return;
          }
          step = Step.WAITING;
          try {
            host.requests().execute(() -> acquire(request.getAcquire()));
          } catch (java.util.concurrent.RejectedExecutionException overloaded) {
            end(Status.RESOURCE_EXHAUSTED.withDescription(overloaded.getMessage()).asRuntimeException());
          }
        }
        case WRITE -> {
          if (step != Step.GRANTED) {
            failLater(invalid("write is allowed only while the caller holds the lease, once per grant; "
                + "the stream is " + step));
            return;
          }
          step = Step.WRITING;
          host.executor().execute(() -> write(request.getWrite()));
        }
        default -> failLater(invalid("a lease stream message must be acquire or write"));
      }
    }
  }

  @Override
  public void onError(Throwable cancelled) {
    callerGone();
  }

  @Override
  public void onCompleted() {
    // a caller that stops sending while it waits or holds the lease will never write: let it go
    synchronized (this) {
      if (step == Step.WRITING || step == Step.ENDED) {
        return;
      }
    }
    end(null);
  }

  private void acquire(LeaseAcquire acquire) {
    byte[] bytes = acquire.getKey().toByteArray();
    HostedCache hosted;
    Object decoded;
    try {
      hosted = caches.apply(acquire.getHeader());
      ownership.accept(acquire.getHeader(), bytes);
      decoded = decode(hosted, acquire.getKey(), "key");
    } catch (StatusRuntimeException e) {
      end(e);
      return;
    } catch (RuntimeException e) {
      end(Status.INTERNAL.withDescription("the lease could not be acquired: " + e).withCause(e)
          .asRuntimeException());
      return;
    }
    synchronized (this) {
      if (step == Step.ENDED) {
        return;
      }
      cache = hosted;
      key = decoded;
      partition = host.view().partitionOf(bytes);
    }
    Lease claimed;
    try {
      claimed = host.leases().acquire(new LeaseKey(hosted.id(), bytes), this);
    } catch (TooManyWaitersException e) {
      end(Status.RESOURCE_EXHAUSTED.withDescription(e.getMessage()).asRuntimeException());
      return;
    }
    boolean gone;
    synchronized (this) {
      lease = claimed;
      gone = step == Step.ENDED;
    }
    if (gone) {
      claimed.release(); // the caller went away while the lease was being asked for
    }
  }

  @Override
  public void granted(Lease granted) {
    boolean gone;
    synchronized (this) {
      lease = granted;
      gone = step == Step.ENDED;
    }
    if (gone) {
      granted.release();
      return;
    }
    host.executor().execute(this::sendEntry);
  }

  /** Reads the entry as it is now and sends it to the caller, who holds the lease. */
  private void sendEntry() {
    VersionedReply.Builder reply = VersionedReply.newBuilder();
    Object version = null;
    boolean failed = false;
    try {
      VersionedValue<Object> read = cache.owner().readVersioned(key);
      if (read.value() != null) {
        version = read.version();
        reply.setPresent(true).setValue(PeerHandler.encode(cache, read.value()));
      }
    } catch (RuntimeException e) {
      reply.clear().setFailure(Failures.of(e));
      failed = true;
    }
    synchronized (this) {
      if (step == Step.ENDED) {
        return;
      }
      grantedVersion = version;
      step = failed ? Step.ENDED : Step.GRANTED;
      send(LeaseReply.newBuilder().setGranted(reply).build());
      if (failed) {
        out.onCompleted();
      }
    }
    if (failed) {
      lease.release();
    }
  }

  private void write(LeaseWrite write) {
    ProcessorEntry.Outcome outcome;
    Object value;
    try {
      outcome = outcome(write);
      value = write.getValue().isEmpty() ? null : decode(cache, write.getValue(), "value");
      if (value == null && (outcome == ProcessorEntry.Outcome.LOAD || outcome == ProcessorEntry.Outcome.CREATE
          || outcome == ProcessorEntry.Outcome.UPDATE)) {
        throw invalid("a write with outcome " + write.getOutcome() + " needs a value");
      }
    } catch (StatusRuntimeException e) {
      end(e);
      return;
    }
    if (!host.gate().enter(partition)) {
      end(Status.ABORTED.withDescription("the partition of a " + key.getClass().getName() + " moved from "
          + host.view().self().name() + " to its new owner while the caller held its lease: the entry"
          + " processor's result was not written; invoke again").asRuntimeException());
      return;
    }
    boolean done = true;
    LeaseWritten.Builder written = LeaseWritten.newBuilder();
    try {
      if (!lease.beginWrite()) {
        return; // it expired or the caller went away: the stream has ended, or is ending, with that
      }
      if (outcome != ProcessorEntry.Outcome.NONE) {
        boolean applied = cache.owner().applyIfUnchanged(key, grantedVersion, outcome, value);
        // a read-only processor's result stands even if the entry changed since: it wrote nothing
        done = applied || outcome == ProcessorEntry.Outcome.ACCESS;
      }
    } catch (RuntimeException e) {
      written.setFailure(Failures.of(e));
    } finally {
      host.gate().exit(partition);
    }
    if (!done) {
      if (lease.endWrite(false)) {
        sendEntry(); // changed by a write that takes no lease: the caller runs again on the new entry
      }
      return;
    }
    synchronized (this) {
      if (step != Step.ENDED) {
        step = Step.ENDED;
        send(LeaseReply.newBuilder().setWritten(written).build());
        out.onCompleted();
      }
    }
    lease.endWrite(true);
  }

  @Override
  public void expired(Lease expired) {
    end(Status.ABORTED.withDescription("the lease of a " + expired.key() + " on " + host.view().self().name()
        + " expired: the caller held it longer than the lease time, " + host.leases().leaseTime()
        + " (peanutcache.load.timeout); the entry processor's result was not written").asRuntimeException());
  }

  /** The caller cancelled, its connection dropped or its deadline passed. */
  private void callerGone() {
    Lease claimed;
    synchronized (this) {
      step = Step.ENDED;
      claimed = lease;
    }
    if (claimed != null) {
      claimed.release();
    }
  }

  /**
   * Ends the stream, with {@code failure} or successfully if null, and releases the lease without
   * writing; does nothing if it has ended.
   */
  private void end(StatusRuntimeException failure) {
    Lease claimed;
    synchronized (this) {
      if (step == Step.ENDED) {
        return;
      }
      step = Step.ENDED;
      claimed = lease;
      if (failure == null) {
        out.onCompleted();
      } else {
        out.onError(failure);
      }
    }
    if (claimed != null) {
      claimed.release();
    }
  }

  /** Ends the stream from the network thread, which holds this monitor: hands it to the executor. */
  private void failLater(StatusRuntimeException failure) {
    host.executor().execute(() -> end(failure));
  }

  /** Sends a message while holding this monitor, so that messages never go out at once. */
  private void send(LeaseReply reply) {
    out.onNext(reply);
  }

  private static ProcessorEntry.Outcome outcome(LeaseWrite write) {
    return switch (write.getOutcome()) {
      case OUTCOME_NONE -> ProcessorEntry.Outcome.NONE;
      case OUTCOME_ACCESS -> ProcessorEntry.Outcome.ACCESS;
      case OUTCOME_LOAD -> ProcessorEntry.Outcome.LOAD;
      case OUTCOME_CREATE -> ProcessorEntry.Outcome.CREATE;
      case OUTCOME_UPDATE -> ProcessorEntry.Outcome.UPDATE;
      case OUTCOME_REMOVE -> ProcessorEntry.Outcome.REMOVE;
      case UNRECOGNIZED -> throw invalid("unknown entry processor outcome " + write.getOutcomeValue());
    };
  }

  private static Object decode(HostedCache cache, ByteString bytes, String what) {
    return PeerHandler.decode(cache, bytes, what);
  }

  private static StatusRuntimeException invalid(String description) {
    return PeerHandler.invalid(description);
  }
}
