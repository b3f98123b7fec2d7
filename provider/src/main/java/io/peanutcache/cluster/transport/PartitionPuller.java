package io.peanutcache.cluster.transport;

import io.grpc.Context;
import io.grpc.StatusRuntimeException;
import io.peanutcache.cluster.handoff.HandedEntry;
import io.peanutcache.cluster.handoff.PartitionSource;
import io.peanutcache.cluster.hosting.CacheId;
import io.peanutcache.cluster.membership.Member;
import io.peanutcache.cluster.transport.proto.HandOffBatch;
import io.peanutcache.cluster.transport.proto.TakeRequest;
import io.peanutcache.engine.HeldEntry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import javax.cache.CacheException;

/**
 * Takes partitions over from their former owner: one {@code TakePartitions} stream, read at this
 * node's pace, within the hand-off timeout. A batch that cannot be kept (its bytes do not decode
 * under the allow-list, it names an unknown cache) ends the stream.
 *
 * <p>Each transfer has a client of its own, closed when it ends: the former owner has often just
 * left the view, and the node retires the clients of members that left.
 */
public final class PartitionPuller implements PartitionSource {

  /** What a transfer is about, in the messages of its failures: the partitions of every cache. */
  private static final CacheId EVERY_CACHE = new CacheId("*", "*");

  private final Function<Member, PeerClient> clients;
  private final String self;

  /**
   * @param clients makes a new client of a peer, which the transfer closes
   * @param self this node's name, the sender of its requests
   */
  public PartitionPuller(Function<Member, PeerClient> clients, String self) {
    this.clients = clients;
    this.self = self;
  }

  @Override
  public long take(Member from, BooleanSupplier starting, long epoch, int[] partitions, Duration timeout,
      Batches batches) {
    PeerClient client = clients.apply(from);
    try {
      return take(client, from, starting, epoch, partitions, timeout, batches);
    } finally {
      client.close();
    }
  }

  private long take(PeerClient client, Member from, BooleanSupplier starting, long epoch, int[] partitions,
      Duration timeout, Batches batches) {
    TakeRequest request = TakeRequest.newBuilder().setSender(self).setEpoch(epoch)
        .addAllPartitions(Arrays.stream(partitions).boxed().toList()).build();
    Context.CancellableContext call = Context.current().withCancellation();
    Context previous = call.attach();
    long bytes = 0;
    try {
      // a member of the view is registered, and perhaps not listening yet; one that left is gone
      client.awaitStarted("take partitions", EVERY_CACHE, starting);
      Iterator<HandOffBatch> replies = client.blockingStub(timeout).takePartitions(request);
      while (replies.hasNext()) {
        HandOffBatch batch = replies.next();
        bytes += batch.getSerializedSize();
        for (var forward : batch.getForwardsList()) {
          batches.forward(forward.getPartition(), new Member(forward.getMember(), forward.getAddress()));
        }
        if (batch.getEntriesCount() == 0) {
          continue;
        }
        List<HandedEntry> entries = new ArrayList<>(batch.getEntriesCount());
        for (var entry : batch.getEntriesList()) {
          if (entry.getExpiresInNanos() < 0) {
            throw new CacheException("peer " + from.name() + " handed over an entry of cache " + batch.getCacheName()
                + " with " + entry.getExpiresInNanos() + " ns left; allowed: 0 (never expires) or more");
          }
          entries.add(new HandedEntry(entry.getKey().toByteArray(), entry.getValue().toByteArray(),
              entry.getExpiresInNanos() == 0 ? HeldEntry.NEVER : entry.getExpiresInNanos()));
        }
        batches.accept(new CacheId(batch.getCacheUri(), batch.getCacheName()), entries);
      }
      return bytes;
    } catch (io.peanutcache.PeerException e) {
      throw new CacheException("peer " + from.name() + " (" + from.address() + ") did not hand partitions over to "
          + self + ": " + e.getMessage(), e);
    } catch (StatusRuntimeException e) {
      throw new CacheException("peer " + from.name() + " (" + from.address() + ") did not hand partitions over to "
          + self + ": " + e.getStatus().getCode() + (e.getStatus().getDescription() == null ? ""
          : " - " + e.getStatus().getDescription()), e);
    } finally {
      call.detach(previous);
      call.cancel(null);
    }
  }
}
