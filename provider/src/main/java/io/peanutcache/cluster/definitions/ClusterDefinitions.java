package io.peanutcache.cluster.definitions;

import io.peanutcache.PeanutConfiguration;
import io.peanutcache.cluster.transport.CallKind;
import io.peanutcache.cluster.transport.Definitions;
import io.peanutcache.cluster.transport.proto.CacheDefinition;
import io.peanutcache.cluster.transport.proto.CacheRequest;
import io.peanutcache.cluster.transport.proto.DefineCacheReply;
import io.peanutcache.cluster.transport.proto.DefineCacheRequest;
import io.peanutcache.cluster.transport.proto.Reply;
import java.util.List;
import java.util.Optional;
import javax.cache.CacheException;
import io.peanutcache.cluster.hosting.CacheId;
import io.peanutcache.cluster.hosting.HostedCache;
import io.peanutcache.cluster.hosting.HostedCaches;
import io.peanutcache.cluster.peers.PeerAnswer;
import io.peanutcache.cluster.etcd.EtcdCatalog;
import io.peanutcache.cluster.Node;

/**
 * Makes cache definitions cluster-wide: a cache created on one node is defined on every node, and
 * a destroyed cache is destroyed on every node before the call returns.
 *
 * <p>Every instance of an application creates its caches at start-up, so a definition equal to the
 * one a node already hosts joins it; a different one is refused with both configurations shown. A
 * peer that cannot be reached is skipped: it fetches the definition from the first node that sends
 * it a request for the cache.
 */
public final class ClusterDefinitions {

  private static final System.Logger LOG = System.getLogger(ClusterDefinitions.class.getName());

  private final Node node;

  /**
   * Definitions through {@code node}.
   *
   * @param node this node
   */
  public ClusterDefinitions(Node node) {
    this.node = node;
  }

  /**
   * Defines a cache here and on every reachable peer, or joins it where it is defined equally.
   *
   * @param id the cache's identity
   * @param configuration its configuration
   * @param classLoader loads its classes on this node
   * @return the cache as this node hosts it
   * @throws CacheException if this node or a peer hosts the cache with another configuration
   */
  public HostedCache define(CacheId id, PeanutConfiguration<Object, Object> configuration,
      ClassLoader classLoader) {
    HostedCaches.Definition defined = node.caches().define(id, configuration, classLoader);
    if (defined.outcome() == HostedCaches.Outcome.CONFLICT) {
      // with etcd, what this node hosts is the definition stored there, whoever stored it
      String where = node.catalog().map(catalog -> inEtcd(catalog, id))
          .orElse("on " + node.view().self().name());
      throw conflict(id, where, defined.cache().configuration().toString(), configuration);
    }
    CacheDefinition definition = Definitions.of(id, configuration, defined.cache().codec());
    if (node.catalog().isPresent()) {
      Optional<String> stored = node.catalog().get().record(definition,
          existing -> HostedCaches.sameConfiguration(defined.cache(), decoded(existing)));
      if (stored.isPresent()) {
        if (defined.outcome() == HostedCaches.Outcome.CREATED) {
          node.caches().destroy(id);
        }
        throw conflict(id, inEtcd(node.catalog().get(), id), stored.get(), configuration);
      }
    }
    List<PeerAnswer<DefineCacheReply>> answers = node.askPeers("defineCache", id, CallKind.WRITE, (stub, view) ->
        stub.defineCache(DefineCacheRequest.newBuilder().setSender(view.self().name())
            .setDefinition(definition).build()));
    for (PeerAnswer<DefineCacheReply> answer : answers) {
      if (!answer.answered()) {
        // a peer that is down or not started yet learns the cache when its application creates
        // it, from the first request for it, or when getCache asks for it
        LOG.log(System.Logger.Level.DEBUG, "cache {0} not defined on {1} now ({2}); it will learn the "
            + "definition later", id, answer.peer().name(), answer.failure().getMessage());
        continue;
      }
      if (answer.reply().getOutcome() == DefineCacheReply.Outcome.CONFLICT) {
        if (defined.outcome() == HostedCaches.Outcome.CREATED) {
          node.caches().destroy(id);
        }
        throw conflict(id, "on " + answer.peer().name(), answer.reply().getExisting(), configuration);
      }
      node.listeners().addAll(defined.cache(), answer.reply().getListenersList());
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
   */
  public void destroy(CacheId id) {
    node.catalog().ifPresent(catalog -> catalog.remove(id));
    node.caches().destroy(id);
    List<PeerAnswer<Reply>> answers = node.askPeers("destroyCache", id, CallKind.WRITE, (stub, view) ->
        stub.destroyCache(CacheRequest.newBuilder().setHeader(Node.header(id, view)).build()));
    for (PeerAnswer<Reply> answer : answers) {
      if (!answer.answered()) {
        LOG.log(System.Logger.Level.WARNING, "cache {0} not destroyed on {1}: {2}", id,
            answer.peer().name(), answer.failure().getMessage());
      }
    }
  }

  private PeanutConfiguration<Object, Object> decoded(CacheDefinition definition) {
    try {
      return Definitions.configuration(definition, node.classLoader());
    } catch (RuntimeException undecodable) {
      return null;
    }
  }

  private static String inEtcd(EtcdCatalog catalog, CacheId id) {
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
