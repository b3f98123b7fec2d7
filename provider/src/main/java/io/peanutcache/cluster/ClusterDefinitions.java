package io.peanutcache.cluster;

import io.peanutcache.PeanutConfiguration;
import io.peanutcache.cluster.membership.Member;
import io.peanutcache.cluster.transport.Definitions;
import io.peanutcache.cluster.transport.PeerException;
import io.peanutcache.cluster.transport.proto.CacheDefinition;
import io.peanutcache.cluster.transport.proto.CacheRequest;
import io.peanutcache.cluster.transport.proto.DefineCacheReply;
import io.peanutcache.cluster.transport.proto.DefineCacheRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import javax.cache.CacheException;

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
      throw conflict(id, node.view().self().name(), defined.cache().configuration().toString(), configuration);
    }
    CacheDefinition definition = Definitions.of(id, configuration, defined.cache().codec());
    ClusterView view = node.view();
    List<Member> peers = peers(view);
    List<CompletableFuture<DefineCacheReply>> replies = new ArrayList<>();
    for (Member peer : peers) {
      replies.add(CompletableFuture.supplyAsync(() -> node.client(peer).call("defineCache", id,
          stub -> stub.defineCache(DefineCacheRequest.newBuilder().setSender(view.self().name())
              .setDefinition(definition).build())), node.executor()));
    }
    for (int i = 0; i < peers.size(); i++) {
      DefineCacheReply reply;
      try {
        reply = replies.get(i).join();
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "cache {0} not defined on {1} now ({2}); it will fetch "
            + "the definition on its first request", id, peers.get(i).name(), e.getMessage());
        continue;
      }
      if (reply.getOutcome() == DefineCacheReply.Outcome.CONFLICT) {
        if (defined.outcome() == HostedCaches.Outcome.CREATED) {
          node.caches().destroy(id);
        }
        throw conflict(id, peers.get(i).name(), reply.getExisting(), configuration);
      }
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
    node.caches().destroy(id);
    ClusterView view = node.view();
    List<Member> peers = peers(view);
    List<CompletableFuture<?>> replies = new ArrayList<>();
    for (Member peer : peers) {
      replies.add(CompletableFuture.supplyAsync(() -> node.client(peer).call("destroyCache", id,
          stub -> stub.destroyCache(CacheRequest.newBuilder().setHeader(Node.header(id, view)).build())),
          node.executor()));
    }
    for (int i = 0; i < peers.size(); i++) {
      try {
        replies.get(i).join();
      } catch (RuntimeException e) {
        Throwable cause = e.getCause() instanceof PeerException peer ? peer : e;
        LOG.log(System.Logger.Level.WARNING, "cache {0} not destroyed on {1}: {2}", id,
            peers.get(i).name(), cause.getMessage());
      }
    }
  }

  private static List<Member> peers(ClusterView view) {
    List<Member> peers = new ArrayList<>();
    for (Member member : view.members()) {
      if (!view.isSelf(member)) {
        peers.add(member);
      }
    }
    return peers;
  }

  private static CacheException conflict(CacheId id, String where, String existing,
      PeanutConfiguration<?, ?> asked) {
    return new CacheException("cache " + id + " exists on " + where + " with another configuration: "
        + existing + "; this node asked for " + asked + "; allowed: an equal configuration, or "
        + "destroyCache first");
  }
}
