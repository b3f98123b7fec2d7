package io.peanutcache.cluster.definitions;

import io.peanutcache.CodecException;
import io.peanutcache.PeanutConfiguration;
import io.peanutcache.PeerException;
import io.peanutcache.cluster.hosting.CacheId;
import io.peanutcache.cluster.hosting.HostedCache;
import io.peanutcache.cluster.hosting.HostedCaches;
import io.peanutcache.cluster.listeners.ClusterListeners;
import io.peanutcache.cluster.membership.Member;
import io.peanutcache.cluster.peers.CacheDefinition;
import io.peanutcache.cluster.peers.DefinitionPeers;
import io.peanutcache.cluster.peers.PeerAnswer;
import io.peanutcache.cluster.registry.Catalog;
import io.peanutcache.cluster.ring.ClusterView;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.cache.CacheException;

/**
 * How a node learns the caches it missed: from the etcd catalog, which it follows, or from a peer
 * that hosts the cache; then it asks the peer, or every peer for a cache from the catalog, for the
 * listeners registered for it. A node that was down or not started when a cache was created, or
 * that a definition did not reach, learns it so.
 */
final class DefinitionLearning {

  private static final System.Logger LOG = System.getLogger(DefinitionLearning.class.getName());

  private final HostedCaches caches;
  private final Catalog catalog;
  private final DefinitionPeers peers;
  private final ClusterListeners listeners;
  private final Supplier<ClusterView> views;
  private final Function<CacheDefinition, PeanutConfiguration<Object, Object>> decoder;
  private final RefusedDefinitions refused;
  private final ClassLoader classLoader;
  private final Executor executor;

  /**
   * How a node learns definitions.
   *
   * @param decoder reads and checks the configuration of a definition from etcd or a peer
   * @param refused logs each refused definition once
   */
  DefinitionLearning(HostedCaches caches, Catalog catalog, DefinitionPeers peers,
      ClusterListeners listeners, Supplier<ClusterView> views,
      Function<CacheDefinition, PeanutConfiguration<Object, Object>> decoder, RefusedDefinitions refused,
      ClassLoader classLoader, Executor executor) {
    this.caches = caches;
    this.catalog = catalog;
    this.peers = peers;
    this.listeners = listeners;
    this.views = views;
    this.decoder = decoder;
    this.refused = refused;
    this.classLoader = classLoader;
    this.executor = executor;
  }

  /** See {@link ClusterDefinitions#followCatalog}. */
  void followCatalog() {
    if (catalog != null) {
      catalog.follow(this::hostFromCatalog, caches::destroy);
    }
  }

  /** See {@link ClusterDefinitions#find}. */
  HostedCache find(CacheId id) {
    HostedCache cache = caches.get(id);
    if (cache != null) {
      return cache;
    }
    if (catalog != null) {
      try {
        catalog.find(id).ifPresent(this::hostFromCatalog);
        return caches.get(id);
      } catch (CacheException etcdAway) {
        LOG.log(System.Logger.Level.DEBUG, "cannot read the definition of cache {0} from etcd; asking the "
            + "peers: {1}", id, etcdAway.getMessage());
      }
    }
    for (PeerAnswer<Optional<CacheDefinition>> answer : peers.fetchFromAll(views.get(), id)) {
      if (answer.answered() && answer.reply().isPresent()) {
        try {
          return hostFetched(id, answer.reply().get(), answer.peer());
        } catch (CodecException refusedHere) {
          // logged; another peer's definition may do
        }
      }
    }
    return null;
  }

  /** See {@link ClusterDefinitions#hosted}. */
  HostedCache hosted(CacheId id, String sender) {
    HostedCache cache = caches.get(id);
    if (cache != null) {
      return cache;
    }
    ClusterView view = views.get();
    Member from = view.member(sender);
    if (from == null || view.isSelf(from)) {
      return null;
    }
    Optional<CacheDefinition> fetched;
    try {
      fetched = peers.fetch(view, from, id);
    } catch (PeerException e) {
      LOG.log(System.Logger.Level.WARNING, "cannot fetch the definition of cache {0} from {1}: {2}",
          id, sender, e.getMessage());
      return null;
    }
    return fetched.map(definition -> hostFetched(id, definition, from)).orElse(null);
  }

  /** Hosts a cache defined in etcd, and learns its listeners from a peer that hosts it too. */
  private void hostFromCatalog(CacheDefinition definition) {
    CacheId id = definition.id();
    PeanutConfiguration<Object, Object> configuration;
    try {
      configuration = decoder.apply(definition);
    } catch (RuntimeException e) {
      refused.log(id, "etcd key " + catalog.keyOf(id), views.get().self().name(), e.getMessage());
      return;
    }
    HostedCaches.Definition defined = caches.define(id, configuration, classLoader);
    if (defined.outcome() == HostedCaches.Outcome.CONFLICT) {
      LOG.log(System.Logger.Level.WARNING, "cache {0} is defined in etcd as {1}, but {2} hosts it as {3}",
          id, definition.description(), views.get().self().name(), defined.cache().configuration());
    } else if (defined.outcome() == HostedCaches.Outcome.CREATED) {
      executor.execute(() -> listeners.learnFromAll(defined.cache()));
    }
  }

  /**
   * Hosts a cache whose definition {@code from} sent, with the listeners {@code from} knows.
   *
   * @throws CodecException if the definition is refused, after logging it once
   */
  private HostedCache hostFetched(CacheId id, CacheDefinition fetched, Member from) {
    PeanutConfiguration<Object, Object> configuration;
    try {
      configuration = decoder.apply(fetched);
    } catch (CodecException e) {
      refused.log(id, "peer " + from.name(), views.get().self().name(), e.getMessage());
      throw e;
    }
    HostedCache hosted = caches.define(id, configuration, classLoader).cache();
    listeners.learnFrom(hosted, from);
    return hosted;
  }
}
