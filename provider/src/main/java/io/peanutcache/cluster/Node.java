package io.peanutcache.cluster;

import io.peanutcache.NodeStatus;
import io.peanutcache.cluster.definitions.ClusterDefinitions;
import io.peanutcache.cluster.handoff.PartitionGate;
import io.peanutcache.cluster.handoff.PartitionMoves;
import io.peanutcache.cluster.hosting.CacheId;
import io.peanutcache.cluster.hosting.HostedCache;
import io.peanutcache.cluster.hosting.HostedCaches;
import io.peanutcache.cluster.hot.HotCaches;
import io.peanutcache.cluster.leases.KeyLeases;
import io.peanutcache.cluster.listeners.ClusterListeners;
import io.peanutcache.cluster.membership.Member;
import io.peanutcache.cluster.membership.Membership;
import io.peanutcache.cluster.membership.MembershipView;
import io.peanutcache.cluster.membership.StaticMembership;
import io.peanutcache.cluster.peers.BulkCalls;
import io.peanutcache.cluster.peers.OwnerCalls;
import io.peanutcache.cluster.registry.Catalog;
import io.peanutcache.cluster.registry.Registries;
import io.peanutcache.cluster.registry.RegistryMembership;
import io.peanutcache.cluster.ring.ClusterView;
import io.peanutcache.cluster.routing.RoutingNode;
import io.peanutcache.cluster.transport.BulkClient;
import io.peanutcache.cluster.transport.DefinitionPeersClient;
import io.peanutcache.cluster.transport.HotPeersClient;
import io.peanutcache.cluster.transport.Iterations;
import io.peanutcache.cluster.transport.ListenerPeersClient;
import io.peanutcache.cluster.transport.OwnerClient;
import io.peanutcache.cluster.transport.PeerCallTimes;
import io.peanutcache.cluster.transport.PeerClient;
import io.peanutcache.cluster.transport.PeerHost;
import io.peanutcache.cluster.transport.PeerServer;
import io.peanutcache.cluster.transport.PeerTls;
import io.peanutcache.cluster.transport.PartitionPuller;
import io.peanutcache.codec.AllowList;
import io.peanutcache.management.MBeanRegistry;
import io.peanutcache.settings.HostAndPort;
import io.peanutcache.settings.NodeSettings;
import io.peanutcache.store.TimeSource;
import io.peanutcache.threads.BoundedExecutor;
import io.peanutcache.threads.DaemonThreads;
import java.io.IOException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.cache.CacheException;

/**
 * A PeanutCache node: the socket it listens on, the membership and the partition table built from
 * it, one client per peer, and the caches it hosts. Shared by every CacheManager in the JVM with
 * the same node settings (see {@link Nodes}).
 *
 * <p>In a static cluster a member's name is its address, since that is what every node's peer list
 * says of every other. With etcd membership, partitions that move take their entries along: the
 * node takes over the partitions a view gives it from their former owners before it serves them,
 * hands its own to the nodes that take them, and, when it stops cleanly, leaves etcd first and
 * waits for the new owners of its partitions to take them ({@link PartitionMoves}); every owner
 * operation runs inside its partition's {@link PartitionGate}.
 *
 * <p>What peers can make a node spend is bounded: peers' requests run on at most
 * {@code peanutcache.requests.threads} threads with at most {@code peanutcache.requests.queue}
 * waiting, listener deliveries on at most {@code peanutcache.events.threads}, and work beyond is
 * refused rather than queued; the node's own work (calls to peers, moving entries) runs on an
 * executor of its own.
 */
public final class Node implements PeerHost, RoutingNode, AutoCloseable {

  private static final System.Logger LOG = System.getLogger(Node.class.getName());

  /** How long a node that stops cleanly lets the requests it runs end, once its partitions are handed over. */
  private static final java.time.Duration SERVER_GRACE = java.time.Duration.ofSeconds(2);

  private final NodeSettings settings;
  private final AllowList allowList;
  private final ClassLoader classLoader;
  private final Membership membership;
  private final String selfName;
  private final HostedCaches caches;
  private final ClusterListeners listeners;
  private final ClusterDefinitions definitions;
  private final ExecutorService executor;
  private final BoundedExecutor requests;
  private final BoundedExecutor events;
  private final Iterations iterations;
  private final ConcurrentHashMap<String, PeerClient> clients = new ConcurrentHashMap<>();
  private final PeerCallTimes peerCallTimes = new PeerCallTimes();
  private final PeerServer server;
  /** The node's TLS with its peers, which its server and all its clients share; empty for plaintext. */
  private final Optional<PeerTls> tls;
  /** The cache definitions kept in etcd; null with a static peer list. */
  private final Catalog catalog;
  private final HotCaches hot;
  private final KeyLeases leases;
  private final PauseWatch pauses;
  private final PartitionGate gate;
  /** The partitions that move with etcd membership; null with a static peer list, where none do. */
  private final PartitionMoves moves;
  private volatile ClusterView view;

  private Node(NodeSettings settings, ClassLoader classLoader, TimeSource time) {
    this.settings = settings;
    this.allowList = AllowList.of(settings.serializationAllow());
    this.classLoader = classLoader;
    HostAndPort advertise = settings.advertise().orElseThrow();
    if (settings.etcd().isPresent()) {
      this.selfName = settings.nodeName();
      RegistryMembership etcd = Registries.etcd(settings.etcd().get(), classLoader)
          .join(settings.etcd().get(), selfName, advertise.toString());
      this.membership = etcd;
      this.catalog = etcd.catalog();
    } else {
      // every node knows every other by the address in the shared peer list
      this.selfName = advertise.toString();
      this.membership = new StaticMembership(settings.peers().stream().map(HostAndPort::toString).toList());
      this.catalog = null;
    }
    this.view = ClusterView.of(membership.view(), selfName, settings.partitions());
    this.executor = Executors.newCachedThreadPool(new DaemonThreads("peanutcache-node-" + selfName));
    this.requests = new BoundedExecutor("the requests of peers on node " + selfName,
        "peanutcache-requests-" + selfName, settings.requestThreads(), NodeSettings.REQUEST_THREADS_PROPERTY,
        settings.requestQueue(), NodeSettings.REQUEST_QUEUE_PROPERTY);
    this.events = new BoundedExecutor("the listener deliveries on node " + selfName,
        "peanutcache-events-" + selfName, settings.eventThreads(), NodeSettings.EVENT_THREADS_PROPERTY,
        settings.eventQueue(), NodeSettings.EVENT_QUEUE_PROPERTY);
    this.iterations = new Iterations(selfName, settings.iterations(), settings.maxMessageSize());
    this.pauses = new PauseWatch(selfName, pauseTolerance(settings), this::dropAfterPause);
    this.caches = new HostedCaches(time, settings.loadTimeout(), events, allowList, settings.eventQueue(), selfName,
        pauses::check);
    this.hot = new HotCaches(selfName, this::view, new HotPeersClient(this::client, selfName), time);
    this.listeners = new ClusterListeners(this::view, new ListenerPeersClient(this::client, executor),
        settings.listenersPerCache());
    this.definitions = new ClusterDefinitions(caches, catalog, new DefinitionPeersClient(this::client, executor),
        listeners, this::view, classLoader, allowList, executor);
    this.leases = new KeyLeases(selfName, settings.loadTimeout());
    this.gate = settings.etcd().isEmpty() ? PartitionGate.fixed(settings.partitions())
        : new PartitionGate(settings.partitions(), settings.handOffTimeout());
    this.moves = settings.etcd().isEmpty() ? null : new PartitionMoves(selfName, gate, caches, this::hosted,
        new PartitionPuller(this::newClient, selfName),
        executor, settings.handOffTimeout(), this::view);
    // the partitions of the first view are held before the server takes requests for them
    Runnable takeOverFirst = moves == null ? () -> {} : moves.viewChanging(null, view);
    caches.onDefine(hot::defined);
    caches.onDestroy(hot::destroyed);
    HostAndPort bind = settings.bind().orElseThrow();
    Optional<PeerTls> peerTls = Optional.empty();
    try {
      // one TLS for the node's server and all its calls, which follows the files as they change
      peerTls = settings.tls().map(files -> PeerTls.start(files, selfName));
      this.server = PeerServer.start(bind, this, settings.maxMessageSize(), peerTls);
    } catch (IOException | RuntimeException e) {
      peerTls.ifPresent(PeerTls::close);
      if (moves != null) {
        moves.close();
      }
      executor.shutdownNow();
      requests.shutdownNow();
      events.shutdownNow();
      hot.close();
      leases.close();
      membership.close();
      if (e instanceof CacheException tlsFiles) {
        throw tlsFiles; // the TLS files cannot be used: the message names them
      }
      throw new CacheException("node " + settings.nodeName() + " cannot listen on " + bind
          + " (peanutcache.bind): " + e.getMessage() + "; allowed: a free local host:port", e);
    }
    this.tls = peerTls;
    try {
      takeOverFirst.run();
      membership.onChange(this::adopt);
      adopt(membership.view()); // a change between the first view and the line above
      connectToPeers(view);
      definitions.followCatalog();
      MBeanRegistry.register(new NodeView(this), MBeanRegistry.nodeObjectName(selfName));
      pauses.start();
    } catch (RuntimeException | Error e) {
      // a node that does not start leaves nothing behind: no socket, registration, lease or watch
      try {
        close();
      } catch (RuntimeException | Error closing) {
        e.addSuppressed(closing);
      }
      throw e;
    }
    LOG.log(System.Logger.Level.INFO, "node {0} listening on {1}; {2}", settings.nodeName(), bind, view);
    if (settings.tls().isEmpty() && !isLoopback(bind)) {
      LOG.log(System.Logger.Level.WARNING, "node {0} listens on {1} without TLS: any client that reaches "
          + "this address is taken for a peer and nothing it sends is encrypted; set "
          + "peanutcache.tls.certificate, peanutcache.tls.key and peanutcache.tls.trust on every node",
          settings.nodeName(), bind);
    }
  }

  /**
   * The longest time the node's process may stop and still keep what it holds: half the shortest
   * silence after which a peer takes it for unreachable, and with etcd half its lease's TTL, after
   * which its partitions may move.
   */
  private static java.time.Duration pauseTolerance(NodeSettings settings) {
    java.time.Duration tolerance = PeerClient.SILENCE_BEFORE_UNREACHABLE.dividedBy(2);
    if (settings.etcd().isPresent()) {
      java.time.Duration lease = settings.etcd().get().leaseTtl().dividedBy(2);
      tolerance = lease.compareTo(tolerance) < 0 ? lease : tolerance;
    }
    return tolerance;
  }

  /** Drops every entry and hot copy this node holds: it was paused, and peers went on without it. */
  private void dropAfterPause() {
    for (HostedCache cache : caches.all()) {
      cache.owner().dropEntries(key -> true);
    }
    hot.dropAll();
  }

  @Override
  public long resumedAtMillis() {
    return pauses.resumedAtMillis();
  }

  /** Whether a bind address is a loopback one, which only this machine reaches. */
  private static boolean isLoopback(HostAndPort bind) {
    try {
      return java.net.InetAddress.getByName(bind.host()).isLoopbackAddress();
    } catch (java.net.UnknownHostException unresolved) {
      return false;
    }
  }

  /**
   * Starts a node: opens its socket and joins its membership.
   *
   * @param settings the node's settings; must be clustered
   * @param classLoader loads the classes of caches defined by peers
   * @param time the clock of the hosted caches
   * @return the running node
   * @throws CacheException if the node cannot listen on its bind address
   */
  static Node start(NodeSettings settings, ClassLoader classLoader, TimeSource time) {
    return new Node(settings, classLoader, time);
  }

  /**
   * The classes Java-serialized bytes from peers and etcd may create on this node: the built-in
   * ones and the patterns of every CacheManager on it.
   *
   * @return the node's allow-list, which grows as CacheManagers add patterns
   */
  public AllowList allowList() {
    return allowList;
  }

  /** The node's settings. */
  @Override
  public NodeSettings settings() {
    return settings;
  }

  @Override
  public ClusterView view() {
    return view;
  }

  @Override
  public void refreshMembership() {
    membership.refresh();
  }

  /**
   * Makes a membership view this node's view, if it is newer, and drops the hot copies of the
   * partitions that moved; a change of members is logged in one line.
   */
  private synchronized void adopt(MembershipView next) {
    ClusterView previous = view;
    if (next.epoch() <= previous.epoch()) {
      return;
    }
    ClusterView adopted = previous.next(next);
    // the partitions it takes over are held before the view that gives them is current
    Runnable takeOver = moves == null ? () -> {} : moves.viewChanging(previous, adopted);
    view = adopted;
    if (!next.members().equals(previous.members())) {
      LOG.log(System.Logger.Level.INFO, "node {0}: members {1} at epoch {2}; it owns {3} of {4} partitions "
          + "(was {5} members at epoch {6})", selfName, next.names(), next.epoch(),
          adopted.partitionsOf(adopted.self()).length, adopted.partitionCount(),
          previous.members().size(), previous.epoch());
    }
    hot.viewChanged(previous, adopted);
    if (moves == null) {
      dropMovedEntries(previous, adopted);
    }
    takeOver.run();
    retireClientsOfLeavers(next.names());
    connectToPeers(adopted);
  }

  /**
   * Opens the connection to every peer of a view that has none yet, so that the first operations
   * find them ready.
   */
  private void connectToPeers(ClusterView adopted) {
    for (Member peer : adopted.peers()) {
      client(peer);
    }
  }

  /** Drops, off the membership's thread, the entries of the partitions this node no longer owns. */
  private void dropMovedEntries(ClusterView previous, ClusterView adopted) {
    java.util.BitSet moved = new java.util.BitSet(adopted.partitionCount());
    for (int partition : previous.partitionsOf(previous.self())) {
      if (partition < adopted.partitionCount() && !adopted.ownsPartition(partition)) {
        moved.set(partition);
      }
    }
    if (moved.isEmpty() || executor.isShutdown()) {
      return;
    }
    executor.execute(() -> {
      int dropped = PartitionMoves.dropPartitions(caches, moved, adopted);
      if (dropped > 0) {
        LOG.log(System.Logger.Level.DEBUG, "node {0} dropped {1} entries whose partitions moved", selfName, dropped);
      }
    });
  }

  @Override
  public HostedCaches caches() {
    return caches;
  }

  @Override
  public ClusterDefinitions definitions() {
    return definitions;
  }

  @Override
  public ClusterListeners listeners() {
    return listeners;
  }

  @Override
  public HotCaches hot() {
    return hot;
  }

  @Override
  public PartitionGate gate() {
    return gate;
  }

  @Override
  public PartitionMoves moves() {
    return moves;
  }

  @Override
  public KeyLeases leases() {
    return leases;
  }

  @Override
  public ClassLoader classLoader() {
    return classLoader;
  }

  /** The executor the node runs its own work on: parallel calls to peers, moving entries. */
  @Override
  public ExecutorService executor() {
    return executor;
  }

  /**
   * The executor the node runs the requests of peers on, bounded in threads and queue.
   *
   * @return the executor of peers' requests
   */
  @Override
  public BoundedExecutor requests() {
    return requests;
  }

  /**
   * The executor the node delivers its caches' events to listeners on, bounded in threads and queue.
   *
   * @return the executor of listener deliveries
   */
  public BoundedExecutor events() {
    return events;
  }

  @Override
  public Iterations iterations() {
    return iterations;
  }

  /**
   * The client of a peer, opened on first use and reused.
   *
   * @param member the peer
   * @return its client
   */
  public PeerClient client(Member member) {
    PeerClient client = clients.get(member.name());
    if (client != null && client.isAt(member)) {
      return client;
    }
    // a member that came back at another address is called there from now on
    PeerClient[] replaced = new PeerClient[1];
    client = clients.compute(member.name(), (name, existing) -> {
      if (existing != null && existing.isAt(member)) {
        return existing;
      }
      replaced[0] = existing;
      return newClient(member);
    });
    if (replaced[0] != null) {
      replaced[0].retire();
    }
    return client;
  }

  /** A client of a peer of its own, not kept: the caller closes it. */
  private PeerClient newClient(Member member) {
    return new PeerClient(member, settings, peerCallTimes, allowList, tls);
  }

  @Override
  public OwnerCalls ownerCalls(CacheId id, boolean readThrough) {
    return new OwnerClient(this::client, id, readThrough);
  }

  @Override
  public BulkCalls bulkCalls(CacheId id, boolean readThrough) {
    return new BulkClient(this::client, id, readThrough);
  }

  /** Retires the clients of members that are not among {@code members}: they left the cluster. */
  private void retireClientsOfLeavers(List<String> members) {
    Set<String> names = new HashSet<>(members);
    clients.entrySet().removeIf(entry -> {
      if (names.contains(entry.getKey())) {
        return false;
      }
      entry.getValue().retire();
      return true;
    });
  }

  @Override
  public HostedCache hosted(CacheId id, String sender) {
    return definitions.hosted(id, sender);
  }

  /**
   * What this node is doing now: its view, whether it is in it, whether etcd answers, and its
   * counts.
   *
   * @return the node's status
   */
  public NodeStatus status() {
    ClusterView current = view;
    Map<String, String> members = new LinkedHashMap<>();
    current.members().forEach(member -> members.put(member.name(), member.address()));
    long loads = caches.all().stream().mapToLong(cache -> cache.owner().loads()).sum();
    return new NodeStatus(selfName,
        settings.etcd().map(etcd -> "etcd " + etcd.endpoints() + " " + etcd.prefix()).orElse("static peer list"),
        current.epoch(), members, membership.view().member(selfName).isPresent(),
        current.partitionsOf(current.self()).length, current.partitionCount(), membership.unreachableSince(),
        settings.etcd().map(etcd -> etcd.leaseTtl()), caches.ownerOperations(), loads, hot.hits(),
        peerCallTimes.totals());
  }

  /** Stops listening, closes the peer clients and every hosted cache. */
  @Override
  public void close() {
    if (moves != null) {
      // hands its partitions over to their new owners while it still serves them
      moves.leave(view, membership::close);
      moves.close();
      server.stopGracefully(SERVER_GRACE);
    }
    pauses.close();
    hot.close();
    MBeanRegistry.unregister(MBeanRegistry.nodeObjectName(selfName));
    server.stop();
    if (catalog != null) {
      catalog.close();
    }
    clients.values().forEach(PeerClient::close);
    clients.clear();
    tls.ifPresent(PeerTls::close);
    caches.close();
    leases.close();
    membership.close();
    executor.shutdownNow();
    requests.shutdownNow();
    events.shutdownNow();
    server.awaitStopped();
    LOG.log(System.Logger.Level.INFO, "node {0} stopped", settings.nodeName());
  }

  @Override
  public String toString() {
    return "Node{" + settings.nodeName() + ", " + view + "}";
  }
}
