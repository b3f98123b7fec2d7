package io.peanutcache.cluster;

import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.peanutcache.HostAndPort;
import io.peanutcache.NodeSettings;
import io.peanutcache.PeanutConfiguration;
import io.peanutcache.cluster.hot.HotCaches;
import io.peanutcache.cluster.membership.Member;
import io.peanutcache.cluster.membership.Membership;
import io.peanutcache.cluster.membership.StaticMembership;
import io.peanutcache.cluster.transport.Definitions;
import io.peanutcache.cluster.transport.PeerClient;
import io.peanutcache.cluster.transport.PeerException;
import io.peanutcache.cluster.transport.PeerHost;
import io.peanutcache.cluster.transport.PeerService;
import io.peanutcache.cluster.transport.proto.CacheRequest;
import io.peanutcache.cluster.transport.proto.DefinitionReply;
import io.peanutcache.cluster.transport.proto.Header;
import io.peanutcache.engine.DaemonThreads;
import io.peanutcache.store.TimeSource;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.cache.CacheException;

/**
 * A PeanutCache node: the socket it listens on, the membership and the partition table built from
 * it, one client per peer, and the caches it hosts. Shared by every CacheManager in the JVM with
 * the same node settings (see {@link Nodes}).
 *
 * <p>In a static cluster a member's name is its address, since that is what every node's peer list
 * says of every other.
 */
public final class Node implements PeerHost, AutoCloseable {

  private static final System.Logger LOG = System.getLogger(Node.class.getName());

  private final NodeSettings settings;
  private final ClassLoader classLoader;
  private final Membership membership;
  private final String selfName;
  private final HostedCaches caches;
  private final ExecutorService executor;
  private final ConcurrentHashMap<String, PeerClient> clients = new ConcurrentHashMap<>();
  private final Server server;
  private final HotCaches hot;
  private volatile ClusterView view;

  private Node(NodeSettings settings, ClassLoader classLoader, TimeSource time) {
    this.settings = settings;
    this.classLoader = classLoader;
    HostAndPort advertise = settings.advertise().orElseThrow();
    this.selfName = advertise.toString();
    this.membership = new StaticMembership(settings.peers().stream().map(HostAndPort::toString).toList());
    this.view = ClusterView.of(membership.view(), selfName, settings.partitions());
    this.executor = Executors.newCachedThreadPool(new DaemonThreads("peanutcache-node-" + selfName));
    this.caches = new HostedCaches(time, executor);
    this.hot = new HotCaches(selfName, this::view, this::client, time);
    caches.onDefine(hot::defined);
    caches.onDestroy(hot::destroyed);
    HostAndPort bind = settings.bind().orElseThrow();
    try {
      this.server = NettyServerBuilder.forAddress(new InetSocketAddress(bind.host(), bind.port()))
          .addService(new PeerService(this))
          // handlers start on the event loop; PeerService hands anything that may block to executor
          .directExecutor()
          .build()
          .start();
    } catch (IOException e) {
      executor.shutdownNow();
      hot.close();
      throw new CacheException("node " + settings.nodeName() + " cannot listen on " + bind
          + " (peanutcache.bind): " + e.getMessage() + "; allowed: a free local host:port", e);
    }
    membership.onChange(next -> adopt(ClusterView.of(next, selfName, settings.partitions())));
    LOG.log(System.Logger.Level.INFO, "node {0} listening on {1}; {2}", settings.nodeName(), bind, view);
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

  /** The node's settings. */
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
    ClusterView current = view;
    if (membership.view().epoch() != current.epoch()) {
      adopt(ClusterView.of(membership.view(), selfName, settings.partitions()));
    }
  }

  /** Makes {@code next} the current view, then drops the hot copies of partitions that moved. */
  private synchronized void adopt(ClusterView next) {
    ClusterView previous = view;
    if (next.epoch() == previous.epoch()) {
      return;
    }
    view = next;
    hot.viewChanged(previous, next);
  }

  @Override
  public HostedCaches caches() {
    return caches;
  }

  @Override
  public HotCaches hot() {
    return hot;
  }

  @Override
  public ClassLoader classLoader() {
    return classLoader;
  }

  /** The executor the node runs peer requests, parallel calls and event deliveries on. */
  @Override
  public ExecutorService executor() {
    return executor;
  }

  /**
   * The client of a peer, opened on first use and reused.
   *
   * @param member the peer
   * @return its client
   */
  public PeerClient client(Member member) {
    return clients.computeIfAbsent(member.name(), name -> new PeerClient(member, settings.rpcTimeout()));
  }

  /**
   * The request header for a cache, stamped with this node's view.
   *
   * @param id the cache
   * @param view the view the request is routed by
   * @return the header
   */
  public static Header header(CacheId id, ClusterView view) {
    return Header.newBuilder().setCacheUri(id.managerUri()).setCacheName(id.name())
        .setEpoch(view.epoch()).setSender(view.self().name()).build();
  }

  @Override
  public HostedCache hosted(CacheId id, String sender) {
    HostedCache cache = caches.get(id);
    if (cache != null) {
      return cache;
    }
    Member from = view.members().stream().filter(m -> m.name().equals(sender)).findFirst().orElse(null);
    if (from == null || view.isSelf(from)) {
      return null;
    }
    DefinitionReply reply;
    try {
      reply = client(from).call("fetchDefinition", id, stub -> stub.fetchDefinition(
          CacheRequest.newBuilder().setHeader(header(id, view)).build()));
    } catch (PeerException e) {
      LOG.log(System.Logger.Level.WARNING, "cannot fetch the definition of cache {0} from {1}: {2}",
          id, sender, e.getMessage());
      return null;
    }
    if (!reply.getKnown()) {
      return null;
    }
    PeanutConfiguration<Object, Object> configuration =
        Definitions.configuration(reply.getDefinition(), classLoader);
    return caches.define(id, configuration, classLoader).cache();
  }

  /** Stops listening, closes the peer clients and every hosted cache. */
  @Override
  public void close() {
    hot.close();
    server.shutdownNow();
    clients.values().forEach(PeerClient::close);
    clients.clear();
    caches.close();
    membership.close();
    executor.shutdownNow();
    try {
      server.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    LOG.log(System.Logger.Level.INFO, "node {0} stopped", settings.nodeName());
  }

  @Override
  public String toString() {
    return "Node{" + settings.nodeName() + ", " + view + "}";
  }
}
