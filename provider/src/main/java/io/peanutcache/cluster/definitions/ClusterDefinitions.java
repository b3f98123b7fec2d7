package io.peanutcache.cluster.definitions;

import io.peanutcache.CodecException;
import io.peanutcache.PeanutConfiguration;
import io.peanutcache.cluster.hosting.CacheId;
import io.peanutcache.cluster.hosting.HostedCache;
import io.peanutcache.cluster.hosting.HostedCaches;
import io.peanutcache.cluster.listeners.ClusterListeners;
import io.peanutcache.cluster.peers.CacheDefinition;
import io.peanutcache.cluster.peers.DefineOutcome;
import io.peanutcache.cluster.peers.DefinitionPeers;
import io.peanutcache.cluster.peers.PeerAnswer;
import io.peanutcache.cluster.registry.Catalog;
import io.peanutcache.cluster.ring.ClusterView;
import io.peanutcache.codec.AllowList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import javax.cache.CacheException;

/**
 * Makes cache definitions cluster-wide: a cache created on one node is defined on every node, and
 * in the etcd catalog when there is one, and a destroyed cache is destroyed on every node before
 * the call returns. It also answers the peers that define, or ask for, a cache here, and learns
 * the caches this node missed (see {@link DefinitionLearning}).
 *
 * <p>Every instance of an application creates its caches at start-up, so a definition equal to the
 * one a node already hosts joins it; a different one is refused with both configurations shown. A
 * peer that cannot be reached is skipped: it fetches the definition from the first node that sends
 * it a request for the cache.
 */
public final class ClusterDefinitions {

  private static final System.Logger LOG = System.getLogger(ClusterDefinitions.class.getName());

  private final HostedCaches caches;
  private final Catalog catalog;
  private final DefinitionPeers peers;
  private final ClusterListeners listeners;
  private final Supplier<ClusterView> views;
  private final ClassLoader classLoader;
  private final AllowList allowList;
  private final RefusedDefinitions refused = new RefusedDefinitions();
  private final DefinitionLearning learning;

  /**
   * The definitions of a node.
   *
   * @param caches the caches the node hosts
   * @param catalog the catalog of definitions in etcd, or null with a static peer list
   * @param peers reaches the other nodes
   * @param listeners the node's cluster-wide listeners, which learn the registrations peers know
   * @param views the node's current view
   * @param classLoader loads the classes of caches defined by peers and in etcd
   * @param allowList what definitions from peers and etcd may hold and name
   * @param executor learns, off the catalog's thread, the listeners of a cache defined in etcd
   */
  public ClusterDefinitions(HostedCaches caches, Catalog catalog, DefinitionPeers peers,
      ClusterListeners listeners, Supplier<ClusterView> views, ClassLoader classLoader, AllowList allowList,
      Executor executor) {
    this.caches = caches;
    this.catalog = catalog;
    this.peers = peers;
    this.listeners = listeners;
    this.views = views;
    this.classLoader = classLoader;
    this.allowList = allowList;
    this.learning = new DefinitionLearning(caches, catalog, peers, listeners, views,
        definition -> DefinitionCodec.configuration(definition, classLoader, allowList), refused, classLoader,
        executor);
  }

  /**
   * Defines a cache here, in the catalog and on every reachable peer, or joins it where it is
   * defined equally.
   *
   * @param id the cache's identity
   * @param configuration its configuration
   * @param classLoader loads its classes on this node
   * @return the cache as this node hosts it
   * @throws CacheException if this node, the catalog or a peer holds the cache with another
   *     configuration, or etcd cannot be reached
   */
  public HostedCache define(CacheId id, PeanutConfiguration<Object, Object> configuration,
      ClassLoader classLoader) {
    HostedCaches.Definition defined = caches.define(id, configuration, classLoader);
    if (defined.outcome() == HostedCaches.Outcome.CONFLICT) {
      // with etcd, what this node hosts is the definition stored there, whoever stored it
      String where = catalog != null ? inEtcd(id) : "on " + views.get().self().name();
      throw conflict(id, where, defined.cache().configuration().toString(), configuration);
    }
    CacheDefinition definition = DefinitionCodec.of(id, configuration, defined.cache().codec());
    if (catalog != null) {
      // the same bytes need no decoding, which the allow-list might refuse
      Optional<String> stored = catalog.record(definition,
          existing -> Arrays.equals(existing.configuration(), definition.configuration())
              || HostedCaches.sameConfiguration(defined.cache(), decoded(existing)));
      if (stored.isPresent()) {
        if (defined.outcome() == HostedCaches.Outcome.CREATED) {
          caches.destroy(id);
        }
        throw conflict(id, inEtcd(id), stored.get(), configuration);
      }
    }
    for (PeerAnswer<DefineOutcome> answer : peers.define(views.get(), definition)) {
      if (!answer.answered()) {
        // a peer that is down or not started yet learns the cache when its application creates
        // it, from the first request for it, or when getCache asks for it
        LOG.log(System.Logger.Level.DEBUG, "cache {0} not defined on {1} now ({2}); it will learn the "
            + "definition later", id, answer.peer().name(), answer.failure().getMessage());
        continue;
      }
      if (answer.reply().outcome() == HostedCaches.Outcome.CONFLICT) {
        if (defined.outcome() == HostedCaches.Outcome.CREATED) {
          caches.destroy(id);
        }
        throw conflict(id, "on " + answer.peer().name(), answer.reply().existing(), configuration);
      }
      listeners.addAll(defined.cache(), answer.reply().listeners());
    }
    return defined.cache();
  }

  /**
   * Destroys a cache on every node, this one first; returns once every reachable node has.
   *
   * <p>This node goes first because a peer that is asked about a cache it does not host fetches
   * the definition from the asking node: an operation of this node still in flight (an
   * asynchronous {@code loadAll}, say) that reaches a peer after the peer's destroy would
   * otherwise define the cache there again, with a fresh loader, and the destroyed cache would
   * live on, on that peer, after {@code destroyCache} returned.
   *
   * @param id the cache's identity
   * @throws CacheException if etcd cannot be reached
   */
  public void destroy(CacheId id) {
    if (catalog != null) {
      catalog.remove(id);
    }
    caches.destroy(id);
    for (PeerAnswer<Boolean> answer : peers.destroy(views.get(), id)) {
      if (!answer.answered()) {
        LOG.log(System.Logger.Level.WARNING, "cache {0} not destroyed on {1}: {2}", id,
            answer.peer().name(), answer.failure().getMessage());
      }
    }
  }

  /**
   * The cache hosted here under {@code id}, or else the one etcd or a peer knows, hosted here from
   * now on: a node that was down or not started when the cache was created learns it here, so
   * that {@code getCache} finds every cache of the cluster.
   *
   * @param id the cache's identity
   * @return the hosted cache, or null if neither this node, etcd nor any reachable peer knows it
   */
  public HostedCache find(CacheId id) {
    return learning.find(id);
  }

  /**
   * The cache hosted here under {@code id}; when it is not, its definition is fetched from
   * {@code sender} (which knows it, since it sent a request for it) and the cache is hosted.
   *
   * @param id the cache's identity
   * @param sender the member that sent the request
   * @return the hosted cache, or null if neither this node nor the sender knows it
   */
  public HostedCache hosted(CacheId id, String sender) {
    return learning.hosted(id, sender);
  }

  /**
   * Hosts every cache defined in the catalog, and from now on each one defined there, and drops
   * each one whose definition is deleted there. Does nothing with a static peer list.
   *
   * @throws CacheException if etcd cannot be reached
   */
  public void followCatalog() {
    learning.followCatalog();
  }

  // ---------------------------------------------------------------- what peers ask of this node

  /**
   * The configuration a definition a peer sent carries, checked against the node's allow-list; a
   * refusal is logged once per cache and peer.
   *
   * @param definition the definition
   * @param sender the peer that sent it
   * @return its configuration, decoded with this node's class loader
   * @throws io.peanutcache.CodecException if it cannot be decoded, or is refused
   */
  public PeanutConfiguration<Object, Object> configuration(CacheDefinition definition, String sender) {
    try {
      return DefinitionCodec.configuration(definition, classLoader, allowList);
    } catch (CodecException e) {
      refused.log(definition.id(), "peer " + sender, views.get().self().name(), e.getMessage());
      throw e;
    }
  }

  /**
   * Defines here a cache a peer defined, or joins it if it is hosted here equally.
   *
   * @param id the cache's identity
   * @param configuration its configuration, as {@link #configuration} read it
   * @return what happened: on a conflict, the configuration hosted here; otherwise every listener
   *     of the cache this node knows
   */
  public DefineOutcome defineFromPeer(CacheId id, PeanutConfiguration<Object, Object> configuration) {
    HostedCaches.Definition defined = caches.define(id, configuration, classLoader);
    if (defined.outcome() == HostedCaches.Outcome.CONFLICT) {
      return new DefineOutcome(defined.outcome(), defined.cache().configuration().toString(), List.of());
    }
    return new DefineOutcome(defined.outcome(), "", listeners.known(defined.cache()));
  }

  /**
   * The definition of a cache hosted here, for a peer that has not learned it yet; its listeners
   * are for members only, who ask for them apart.
   *
   * @param id the cache's identity
   * @return its definition, or empty if it is not hosted here
   */
  public Optional<CacheDefinition> describe(CacheId id) {
    HostedCache cache = caches.get(id);
    if (cache == null) {
      return Optional.empty();
    }
    return Optional.of(DefinitionCodec.of(cache));
  }

  private PeanutConfiguration<Object, Object> decoded(CacheDefinition definition) {
    try {
      return DefinitionCodec.configuration(definition, classLoader, allowList);
    } catch (RuntimeException undecodable) {
      return null;
    }
  }

  private String inEtcd(CacheId id) {
    return "in etcd at " + catalog.keyOf(id);
  }

  /**
   * The refusal of a definition.
   *
   * @param where where the other definition is: {@code on <node>} or {@code in etcd at <key>}
   */
  private static CacheException conflict(CacheId id, String where, String existing,
      PeanutConfiguration<?, ?> asked) {
    return new CacheException("cache " + id + " exists " + where + " with another configuration: "
        + existing + "; this node asked for " + asked + "; allowed: an equal configuration, or "
        + "destroyCache first");
  }
}
