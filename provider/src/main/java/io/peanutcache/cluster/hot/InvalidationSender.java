package io.peanutcache.cluster.hot;

import io.peanutcache.cluster.peers.HotInvalidations;
import io.peanutcache.cluster.peers.HotPeers;
import io.peanutcache.cluster.ring.ClusterView;
import io.peanutcache.threads.DaemonThreads;
import java.util.Collection;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Sends a node's hot-cache changes to every other member: a batch per cache a few milliseconds
 * after its first change, and a heartbeat of every owned partition's sequence every
 * {@value #HEARTBEAT_MILLIS} ms.
 *
 * <p>One thread sends everything, so the batches of a cache leave in sequence order. They are
 * sent without waiting for the answer; a batch that fails or arrives out of order shows as a gap
 * to its receiver, which then drops the copies it cannot trust, so nothing is retried.
 */
final class InvalidationSender implements AutoCloseable {

  /** How long changes wait to be batched before they are sent. */
  static final long FLUSH_DELAY_MICROS = 2_000;

  /** How often every owned partition's sequence is sent, changed or not. */
  static final long HEARTBEAT_MILLIS = 100;

  private final Supplier<ClusterView> views;
  private final HotPeers peers;
  private final Supplier<Collection<OwnerSequences>> owners;
  private final ScheduledExecutorService thread;
  private final AtomicBoolean flushScheduled = new AtomicBoolean();

  InvalidationSender(String nodeName, Supplier<ClusterView> views, HotPeers peers,
      Supplier<Collection<OwnerSequences>> owners) {
    this.views = views;
    this.peers = peers;
    this.owners = owners;
    this.thread = Executors.newSingleThreadScheduledExecutor(
        new DaemonThreads("peanutcache-hot-" + nodeName));
    thread.scheduleWithFixedDelay(() -> send(true), HEARTBEAT_MILLIS, HEARTBEAT_MILLIS,
        TimeUnit.MILLISECONDS);
  }

  /** Sends the pending changes within {@link #FLUSH_DELAY_MICROS}, with those that follow them. */
  void flushSoon() {
    if (flushScheduled.compareAndSet(false, true)) {
      try {
        thread.schedule(() -> {
          flushScheduled.set(false);
          send(false);
        }, FLUSH_DELAY_MICROS, TimeUnit.MICROSECONDS);
      } catch (RejectedExecutionException closing) {
        flushScheduled.set(false);
      }
    }
  }

  private void send(boolean heartbeat) {
    try {
      ClusterView view = views.get();
      for (OwnerSequences owner : owners.get()) {
        HotInvalidations batch;
        do {
          batch = owner.drain(view, heartbeat);
          if (batch != null && !LostInvalidations.areLostFrom(view.self().name())) {
            peers.invalidate(view.peers(), view, batch);
          }
          // a full batch may leave changes pending
        } while (batch != null && batch.changes().size() == OwnerSequences.MAXIMUM_BATCH);
      }
    } catch (RuntimeException e) {
      // a failure to send is a lost batch; the next heartbeat reveals it; keep the thread alive
      System.getLogger(InvalidationSender.class.getName()).log(System.Logger.Level.DEBUG,
          "cannot send hot-cache invalidations: {0}", e.toString());
    }
  }

  @Override
  public void close() {
    thread.shutdownNow();
  }
}
