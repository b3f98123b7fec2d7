package io.peanutcache.cluster.routing;

import io.peanutcache.codec.ValueCodec;
import io.peanutcache.cluster.hosting.CacheId;
import io.peanutcache.cluster.leases.Lease;
import io.peanutcache.cluster.leases.LeaseExpiredException;
import io.peanutcache.cluster.leases.LeaseHolder;
import io.peanutcache.cluster.leases.LeaseKey;
import io.peanutcache.cluster.membership.Member;
import io.peanutcache.cluster.peers.OwnerCalls;
import io.peanutcache.cluster.peers.OwnerLease;
import io.peanutcache.cluster.ring.ClusterView;
import io.peanutcache.engine.CacheEngine;
import io.peanutcache.engine.OwnerOperations;
import io.peanutcache.engine.ProcessorEntry;
import io.peanutcache.engine.VersionedValue;
import io.peanutcache.management.StatisticsRecorder;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.cache.CacheException;
import javax.cache.processor.EntryProcessor;

/**
 * Runs an entry processor that cannot be sent to its key's owner (a lambda; what Spring's
 * {@code Cache.get(key, Callable)} hands in) on this node, under the key's lease, which the owner
 * holds (see {@link io.peanutcache.cluster.leases}): it gets the lease with the entry, runs the
 * processor, writes what the processor did and releases the lease. Callers of the same key on
 * every node, the owner included, wait their turn at the owner, so the processor runs once per
 * {@code invoke}, as JCache expects of an atomic invoke. It runs again in one case only: a write
 * that takes no lease (a put, a remove, a serializable processor) changed the entry between the
 * grant and the write; the processor then reruns on the new entry, still under the lease.
 *
 * <p>Uncontended, a call to another owner costs two round trips (acquire and grant, write and
 * written), as the read and the conditional write it replaces did. A lease held longer than the
 * owner's lease time ({@code peanutcache.load.timeout}) passes to the next caller, and the late
 * holder's invoke fails with {@link LeaseExpiredException} without writing.
 *
 * @param <K> the type of keys
 * @param <V> the type of values
 */
final class LeasedInvoke<K, V> {

  private final RoutingNode node;
  private final CacheId id;
  private final OwnerOperations<K, V> engine;
  private final ValueCodec codec;
  private final OwnerCalls owners;

  LeasedInvoke(RoutingNode node, CacheId id, OwnerOperations<K, V> engine, ValueCodec codec, OwnerCalls owners) {
    this.node = node;
    this.id = id;
    this.engine = engine;
    this.codec = codec;
    this.owners = owners;
  }

  /**
   * How long a caller may wait for the lease and then hold it: one lease of another caller to
   * wait out, its own, and a call's deadline for the messages.
   */
  private Duration deadline() {
    return node.settings().rpcTimeout().plus(node.leases().leaseTime().multipliedBy(2));
  }

  /** Runs the processor under the lease of {@code owner}, another node. */
  <T> T atOwner(Member owner, ClusterView view, byte[] bytes, K key,
      EntryProcessor<K, V, T> processor, Object[] arguments, StatisticsRecorder stats) {
    try (OwnerLease lease = owners.lease(owner, view, bytes, deadline())) {
      while (true) {
        byte[] granted = lease.granted();
        V existing = granted != null ? decode(granted) : null;
        ProcessorEntry<K, V> entry = engine.processorEntry(key, granted != null ? () -> existing : null);
        T result = CacheEngine.process(processor, entry, arguments);
        if (lease.write(entry.outcome(), entry.value() == null ? null : codec.encode(entry.value()))) {
          CacheEngine.count(entry, stats);
          return result;
        }
        // a write that takes no lease changed the entry since the grant: run again on the new one
      }
    }
  }

  /** Runs the processor under the lease of this node, which owns the key. */
  <T> T here(byte[] bytes, K key, EntryProcessor<K, V, T> processor, Object[] arguments,
      StatisticsRecorder stats) {
    Waiting waiting = new Waiting();
    Lease lease = node.leases().acquire(new LeaseKey(id, bytes), waiting);
    try {
      waiting.await(deadline());
      while (true) {
        VersionedValue<V> read = engine.readVersioned(key);
        ProcessorEntry<K, V> entry = engine.processorEntry(key, read.value() == null ? null : read::value);
        T result = CacheEngine.process(processor, entry, arguments);
        if (!lease.beginWrite()) {
          throw new LeaseExpiredException("invoke on cache " + id + " failed: the lease of a " + lease.key()
              + " on " + node.view().self().name() + " expired: the caller held it longer than the lease time, "
              + node.leases().leaseTime() + " (peanutcache.load.timeout); the entry processor's result was not "
              + "written");
        }
        boolean done = true;
        try {
          ProcessorEntry.Outcome outcome = entry.outcome();
          if (outcome != ProcessorEntry.Outcome.NONE) {
            boolean applied = engine.applyIfUnchanged(key, read.version(), outcome, entry.value());
            // a read-only processor's result stands even if the entry changed since: it wrote nothing
            done = applied || outcome == ProcessorEntry.Outcome.ACCESS;
          }
        } finally {
          lease.endWrite(done);
        }
        if (done) {
          CacheEngine.count(entry, stats);
          return result;
        }
      }
    } finally {
      lease.release(); // nothing if it was released by the write
    }
  }

  /** A caller on the owner, waiting for the lease on its own thread. */
  private final class Waiting implements LeaseHolder {

    private final CompletableFuture<Lease> granted = new CompletableFuture<>();

    @Override
    public void granted(Lease lease) {
      granted.complete(lease);
    }

    @Override
    public void expired(Lease lease) {
      // the holder finds out when it writes: beginWrite refuses
    }

    void await(Duration deadline) {
      try {
        granted.get(deadline.toNanos(), TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        throw new CacheException("invoke on cache " + id + " waited " + deadline + " for the lease of a key on "
            + node.view().self().name() + ", held by other callers, and gave up");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CacheException("interrupted while waiting for the lease of a key of cache " + id, e);
      } catch (ExecutionException e) {
        throw new IllegalStateException("a lease is granted, never failed", e);
      }
    }
  }

  @SuppressWarnings("unchecked")
  private V decode(byte[] bytes) {
    return (V) codec.decode(bytes);
  }
}
