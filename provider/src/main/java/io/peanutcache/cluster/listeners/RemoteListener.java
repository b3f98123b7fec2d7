package io.peanutcache.cluster.listeners;

import io.peanutcache.PeerException;
import io.peanutcache.cluster.hosting.HostedCache;
import io.peanutcache.cluster.membership.Member;
import io.peanutcache.cluster.peers.ListenerEvent;
import io.peanutcache.cluster.peers.ListenerPeers;
import io.peanutcache.cluster.peers.ListenerSpec;
import io.peanutcache.cluster.ring.ClusterView;
import io.peanutcache.event.Change;
import io.peanutcache.event.EventSink;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import javax.cache.event.EventType;

/**
 * A listener registered on another node, as the node that owns keys sees it: each event of its
 * types is sent there in one call, which returns once the listener has run.
 *
 * <p>A listener that failed there fails here with the same type, so a synchronous listener's
 * failure reaches the operation that caused the event. A node that no longer knows the
 * registration (it was deregistered, or the node restarted) makes this sink remove itself; a node
 * that cannot be reached loses the event, which is logged once per outage, and the operation goes
 * on.
 */
final class RemoteListener implements EventSink<Object, Object> {

  private static final System.Logger LOG = System.getLogger(RemoteListener.class.getName());

  private final Supplier<ClusterView> views;
  private final ListenerPeers peers;
  private final HostedCache cache;
  private final ListenerSpec spec;
  private final Runnable whenGone;
  private final AtomicBoolean unreachable = new AtomicBoolean();

  /**
   * A sink sending to the listener of {@code spec}.
   *
   * @param views this node's current view
   * @param peers reaches the listener's node
   * @param cache the cache whose events are sent
   * @param spec the listener's registration
   * @param whenGone removes this sink, once the listener's node has said it no longer knows it
   */
  RemoteListener(Supplier<ClusterView> views, ListenerPeers peers, HostedCache cache, ListenerSpec spec,
      Runnable whenGone) {
    this.views = views;
    this.peers = peers;
    this.cache = cache;
    this.spec = spec;
    this.whenGone = whenGone;
  }

  ListenerSpec spec() {
    return spec;
  }

  @Override
  public boolean listensTo(EventType type) {
    return spec.types().contains(type);
  }

  @Override
  public boolean isSynchronous() {
    return spec.synchronous();
  }

  @Override
  public void deliver(Change<Object, Object> event) {
    ClusterView view = views.get();
    Member target = view.member(spec.node());
    if (target == null) {
      whenGone.run();
      return;
    }
    ListenerEvent encoded = encode(event);
    RuntimeException failure;
    try {
      failure = peers.deliver(view, target, cache.id(), encoded);
    } catch (PeerException e) {
      if (e.isNotFound()) {
        whenGone.run();
      } else if (unreachable.compareAndSet(false, true)) {
        LOG.log(System.Logger.Level.WARNING, "events of cache {0} are not reaching a listener on {1}: {2}",
            cache.id(), target.name(), e.getMessage());
      }
      return;
    }
    if (unreachable.compareAndSet(true, false)) {
      LOG.log(System.Logger.Level.INFO, "events of cache {0} reach the listener on {1} again",
          cache.id(), target.name());
    }
    if (failure != null) {
      throw failure;
    }
  }

  private ListenerEvent encode(Change<Object, Object> event) {
    byte[] key = cache.codec().encode(event.key());
    byte[] value = event.value() == null ? null : cache.codec().encode(event.value());
    // a removed or expired entry's value is its old value: the event carries both, as on the owner
    boolean removal = event.type() == EventType.REMOVED || event.type() == EventType.EXPIRED;
    byte[] oldValue = (spec.oldValueRequired() || removal) && event.oldValue() != null
        ? cache.codec().encode(event.oldValue()) : null;
    return new ListenerEvent(spec.id(), event.type(), key, value, oldValue);
  }

  @Override
  public void close() {
    // nothing is held for the listener here; it runs, and is closed, on its own node
  }
}
