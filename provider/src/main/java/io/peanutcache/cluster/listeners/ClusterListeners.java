package io.peanutcache.cluster.listeners;

import io.peanutcache.PeerException;
import io.peanutcache.cluster.hosting.HostedCache;
import io.peanutcache.cluster.membership.Member;
import io.peanutcache.cluster.peers.ListenerPeers;
import io.peanutcache.cluster.peers.ListenerSpec;
import io.peanutcache.cluster.peers.PeerAnswer;
import io.peanutcache.cluster.ring.ClusterView;
import io.peanutcache.event.EventDispatcher;
import io.peanutcache.event.EventSink;
import io.peanutcache.event.ListenerDescriptor;
import io.peanutcache.settings.NodeSettings;
import io.peanutcache.threads.PressureLog;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import javax.cache.configuration.CacheEntryListenerConfiguration;

/**
 * A node's side of cluster-wide listeners: registers this node's listeners with every peer, and
 * keeps the sinks through which this node sends the events of the keys it owns to the listeners
 * of other nodes.
 *
 * <p>A registration is complete on every reachable peer when {@link #register} returns, so the
 * next operation, wherever it runs, produces events for the new listener. A peer that was not
 * reachable learns the registration when it learns the cache: it asks the node it fetched the
 * definition from for every registration that node knows ({@link #learnFrom}) before it serves
 * its first request for the cache, or every peer for a cache it found in etcd
 * ({@link #learnFromAll}).
 *
 * <p>A cache has at most {@value NodeSettings#LISTENERS_PER_CACHE_PROPERTY} listeners, this node's
 * and the other nodes' together, so that peers cannot make a node keep and call listeners without
 * end: one more is refused with a {@link TooManyListenersException}, logged once a minute.
 */
public final class ClusterListeners {

  private static final System.Logger LOG = System.getLogger(ClusterListeners.class.getName());

  private final Supplier<ClusterView> views;
  private final ListenerPeers peers;
  private final int maxPerCache;
  private final PressureLog pressure;

  /**
   * The listeners of a node, at most {@value NodeSettings#DEFAULT_LISTENERS_PER_CACHE} per cache.
   *
   * @param views the node's current view
   * @param peers reaches the other nodes
   */
  public ClusterListeners(Supplier<ClusterView> views, ListenerPeers peers) {
    this(views, peers, NodeSettings.DEFAULT_LISTENERS_PER_CACHE);
  }

  /**
   * The listeners of a node.
   *
   * @param views the node's current view
   * @param peers reaches the other nodes
   * @param maxPerCache the most listeners a cache has, every node's together
   */
  public ClusterListeners(Supplier<ClusterView> views, ListenerPeers peers, int maxPerCache) {
    this.views = views;
    this.peers = peers;
    this.maxPerCache = maxPerCache;
    this.pressure = new PressureLog(LOG, "listeners on node " + views.get().self().name() + " were refused");
  }

  /**
   * Builds a listener on this node and registers it with every peer.
   *
   * @param cache the cache
   * @param configuration the listener's configuration
   * @throws IllegalArgumentException if a listener with an equal configuration is registered here
   * @throws TooManyListenersException if the cache has as many listeners as allowed
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public void register(HostedCache cache, CacheEntryListenerConfiguration<?, ?> configuration) {
    ListenerDescriptor descriptor;
    synchronized (this) {
      requireRoom(cache, views.get().self().name());
      descriptor = cache.events().register((CacheEntryListenerConfiguration) configuration);
    }
    ClusterView view = views.get();
    report(cache, "addListener", peers.add(view, cache.id(), spec(view.self().name(), descriptor)));
  }

  /**
   * Deregisters a listener of this node from every peer and closes it.
   *
   * @param cache the cache
   * @param configuration the listener's configuration
   * @return whether such a listener was registered here
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public boolean deregister(HostedCache cache, CacheEntryListenerConfiguration<?, ?> configuration) {
    ListenerDescriptor descriptor = cache.events().deregister((CacheEntryListenerConfiguration) configuration);
    if (descriptor == null) {
      return false;
    }
    ClusterView view = views.get();
    report(cache, "removeListener", peers.remove(view, cache.id(), spec(view.self().name(), descriptor)));
    return true;
  }

  private static void report(HostedCache cache, String operation, List<PeerAnswer<Void>> answers) {
    for (PeerAnswer<Void> answer : answers) {
      if (!answer.answered()) {
        LOG.log(System.Logger.Level.WARNING, "{0} of a listener of cache {1} did not reach {2} ({3}); "
            + "it learns the listeners with the cache''s definition", operation, cache.id(),
            answer.peer().name(), answer.failure().getMessage());
      }
    }
  }

  /**
   * Starts sending the events of the keys this node owns to a listener of another node.
   *
   * @param cache the cache
   * @param spec the listener's registration; one of this node's own is ignored
   * @throws TooManyListenersException if the cache has as many listeners as allowed
   */
  public synchronized void add(HostedCache cache, ListenerSpec spec) {
    if (spec.node().equals(views.get().self().name())) {
      return;
    }
    EventDispatcher<Object, Object> events = cache.events();
    RemoteKey key = new RemoteKey(spec.node(), spec.id());
    boolean known = events.remoteSinks().stream().anyMatch(sink -> sink instanceof RemoteListener remote
        && remote.spec().node().equals(spec.node()) && remote.spec().id() == spec.id());
    if (!known) {
      requireRoom(cache, spec.node());
    }
    events.addRemote(key, new RemoteListener(views, peers, cache, spec, () -> events.removeRemote(key)));
  }

  /**
   * {@link #add}s each registration; one beyond the limit is left out, which is logged.
   *
   * @param cache the cache
   * @param specs the registrations
   */
  public void addAll(HostedCache cache, List<ListenerSpec> specs) {
    for (ListenerSpec spec : specs) {
      try {
        add(cache, spec);
      } catch (TooManyListenersException refused) {
        // logged once a minute where it was refused
      }
    }
  }

  /** Refuses a listener of {@code node} if the cache has as many as allowed; call holding this. */
  private void requireRoom(HostedCache cache, String node) {
    int count = cache.events().listenerCount();
    if (count >= maxPerCache) {
      pressure.refused(() -> "cache " + cache.id() + " has " + count + " listeners, the most "
          + NodeSettings.LISTENERS_PER_CACHE_PROPERTY + " allows");
      throw new TooManyListenersException("a listener of cache " + cache.id() + " on " + node
          + " was refused: the cache has " + count + " listeners on every node together, the most "
          + NodeSettings.LISTENERS_PER_CACHE_PROPERTY + "=" + maxPerCache + " allows");
    }
  }

  /**
   * {@link #add}s each registration {@code peer} knows of a cache this node has just learned; if
   * the peer cannot tell, says so in the log and goes on without them.
   *
   * @param cache the cache
   * @param peer the peer this node learned the cache from
   */
  public void learnFrom(HostedCache cache, Member peer) {
    try {
      addAll(cache, peers.known(views.get(), peer, cache.id()));
    } catch (PeerException e) {
      LOG.log(System.Logger.Level.WARNING, "cannot learn the listeners of cache {0} from {1}: {2}",
          cache.id(), peer.name(), e.getMessage());
    }
  }

  /**
   * {@link #add}s each registration every reachable peer knows of a cache this node has just
   * learned.
   *
   * @param cache the cache
   */
  public void learnFromAll(HostedCache cache) {
    for (PeerAnswer<List<ListenerSpec>> answer : peers.knownByAll(views.get(), cache.id())) {
      if (answer.answered()) {
        addAll(cache, answer.reply());
      }
    }
  }

  /**
   * Stops sending events to a listener of another node.
   *
   * @param cache the cache
   * @param spec the listener's registration
   */
  public void remove(HostedCache cache, ListenerSpec spec) {
    cache.events().removeRemote(new RemoteKey(spec.node(), spec.id()));
  }

  /**
   * Every listener of the cache this node knows: its own and the other nodes'.
   *
   * @param cache the cache
   * @return their registrations
   */
  public List<ListenerSpec> known(HostedCache cache) {
    String self = views.get().self().name();
    List<ListenerSpec> specs = new ArrayList<>();
    for (ListenerDescriptor descriptor : cache.events().descriptors()) {
      specs.add(spec(self, descriptor));
    }
    for (EventSink<Object, Object> sink : cache.events().remoteSinks()) {
      if (sink instanceof RemoteListener remote) {
        specs.add(remote.spec());
      }
    }
    return specs;
  }

  /** The spec of a listener registered on {@code node}. */
  private static ListenerSpec spec(String node, ListenerDescriptor descriptor) {
    return new ListenerSpec(node, descriptor.id(), descriptor.types(), descriptor.synchronous(),
        descriptor.oldValueRequired());
  }

  /** A listener among every node's: the node it runs on and its id there. */
  private record RemoteKey(String node, long id) {}
}
