package io.peanutcache.cluster.transport;

import io.grpc.stub.StreamObserver;
import io.peanutcache.cluster.membership.Member;
import io.peanutcache.cluster.peers.HotInvalidations;
import io.peanutcache.cluster.peers.HotPeers;
import io.peanutcache.cluster.ring.ClusterView;
import io.peanutcache.cluster.transport.proto.InvalidationAck;
import io.peanutcache.cluster.transport.proto.InvalidationBatch;
import io.peanutcache.threads.PressureLog;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Sends hot-cache batches over gRPC, within the call deadline, without waiting for a connection.
 *
 * <p>At most {@link #MAXIMUM_IN_FLIGHT} batches are under way to one peer: a peer that does not
 * answer (slow, or not reading) does not make this node queue batches without end. A batch beyond
 * that is not sent to that peer, which notices the gap in the numbers and drops the copies it can
 * no longer trust; logged once a minute.
 */
public final class HotPeersClient implements HotPeers {

  /** The most batches under way to one peer. */
  static final int MAXIMUM_IN_FLIGHT = 64;

  private static final System.Logger LOG = System.getLogger(HotPeersClient.class.getName());

  private final Function<Member, PeerClient> clients;
  private final ConcurrentHashMap<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
  private final PressureLog pressure;

  /**
   * Batches through the node's clients.
   *
   * @param clients the node's client of each peer
   * @param nodeName this node's name, for the log
   */
  public HotPeersClient(Function<Member, PeerClient> clients, String nodeName) {
    this.clients = clients;
    this.pressure = new PressureLog(LOG, "hot-cache invalidation batches from node " + nodeName
        + " to a peer that answers none of the last " + MAXIMUM_IN_FLIGHT + " were not sent");
  }

  @Override
  public void invalidate(List<Member> peers, ClusterView view, HotInvalidations batch) {
    InvalidationBatch message = HotWire.batch(batch, view);
    for (Member peer : peers) {
      AtomicInteger under = inFlight.computeIfAbsent(peer.name(), name -> new AtomicInteger());
      if (under.incrementAndGet() > MAXIMUM_IN_FLIGHT) {
        under.decrementAndGet();
        pressure.refused(() -> "the last one to " + peer.name() + " (" + peer.address() + ")");
        continue;
      }
      try {
        clients.apply(peer).asyncStub().invalidate(message, new Ended(under));
      } catch (RuntimeException e) {
        under.decrementAndGet();
        throw e;
      }
    }
  }

  /** Counts a batch's call as ended, whatever its outcome: a lost batch shows as a gap. */
  private static final class Ended implements StreamObserver<InvalidationAck> {

    private final AtomicInteger under;

    Ended(AtomicInteger under) {
      this.under = under;
    }

    @Override
    public void onNext(InvalidationAck ack) {}

    @Override
    public void onError(Throwable lost) {
      // the receiver notices the gap and drops what it cannot trust
      under.decrementAndGet();
    }

    @Override
    public void onCompleted() {
      under.decrementAndGet();
    }
  }
}
