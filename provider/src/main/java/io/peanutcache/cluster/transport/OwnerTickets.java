package io.peanutcache.cluster.transport;

import io.grpc.Status;
import io.peanutcache.cluster.handoff.PartitionGate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The partitions a peer's request entered on this node, as their owner, while it runs: entered by
 * {@link PeerHandler#requireOwner} for each key, exited all at once when the request's reply has
 * been made, so that a partition is handed over only once no request runs on it.
 *
 * <p>Held in a thread local for the request's thread; {@link #runIn} opens and closes it.
 */
final class OwnerTickets {

  private static final ThreadLocal<OwnerTickets> CURRENT = new ThreadLocal<>();

  private final PartitionGate gate;
  private final List<Integer> entered = new ArrayList<>(1);

  private OwnerTickets(PartitionGate gate) {
    this.gate = gate;
  }

  /**
   * Makes a reply with the partitions its keys enter held until it is made.
   *
   * @param gate the node's gate
   * @param reply makes the reply
   * @param <R> the reply type
   * @return the reply
   */
  static <R> R runIn(PartitionGate gate, Supplier<R> reply) {
    OwnerTickets outer = CURRENT.get();
    OwnerTickets tickets = new OwnerTickets(gate);
    CURRENT.set(tickets);
    try {
      return reply.get();
    } finally {
      CURRENT.set(outer);
      tickets.entered.forEach(gate::exit);
    }
  }

  /**
   * Enters {@code partition} for the request this thread runs, until its reply is made; without
   * one (a check only), enters and exits at once.
   *
   * @param gate the node's gate
   * @param partition the key's partition, which this node owns by its view
   * @param self this node's name, for the message
   * @throws io.grpc.StatusRuntimeException with FAILED_PRECONDITION if the partition was handed to
   *     its new owner: the sender refreshes its view and sends the request there
   */
  static void enter(PartitionGate gate, int partition, String self) {
    if (!gate.enter(partition)) {
      throw Status.FAILED_PRECONDITION.withDescription("not owner: " + self + " handed partition " + partition
          + " over to its new owner; the sender is to refresh its view and send again").asRuntimeException();
    }
    OwnerTickets tickets = CURRENT.get();
    if (tickets != null && tickets.gate == gate) {
      tickets.entered.add(partition);
    } else {
      gate.exit(partition);
    }
  }
}
