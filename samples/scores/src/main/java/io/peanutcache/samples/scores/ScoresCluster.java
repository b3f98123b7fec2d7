package io.peanutcache.samples.scores;

import io.peanutcache.samples.scores.api.ApiServer;
import io.peanutcache.samples.scores.database.ScoreLoaderFactory;
import java.io.IOException;
import java.net.BindException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import javax.cache.CacheException;
import javax.cache.CacheManager;

/**
 * The nodes of a scores cluster that run in this JVM, and the HTTP API served by the first of
 * them: all the nodes of the cluster in the one-command demo, or one node per process.
 *
 * <p>Every node listens, and sees the others of this JVM among its members, before the cache is
 * created, so the {@code scores} cache created on the first node is defined on every node at once;
 * the others then create it with an equal configuration, which joins it. With etcd, a node sees
 * another once its watch of etcd has told it of the other's registration, a moment after the
 * other registered. The caller owns the database.
 */
public final class ScoresCluster implements AutoCloseable {

  /** How long the nodes of this JVM may take to see each other through etcd. */
  static final Duration MEMBERS_DEADLINE = Duration.ofSeconds(10);

  private final List<ScoresNode> nodes;
  private final ApiServer api;
  private final Consumer<String> log;

  private ScoresCluster(List<ScoresNode> nodes, ApiServer api, Consumer<String> log) {
    this.nodes = nodes;
    this.api = api;
    this.log = log;
  }

  /**
   * Starts the nodes {@code here}, which find the other members through {@code discovery}, and
   * the API on the first of them.
   *
   * @param discovery how the nodes find each other; with a static list, each of {@code here} is
   *     on it
   * @param transport how the nodes talk to each other, the same on every node of the cluster
   * @param here the nodes to run in this JVM
   * @param apiPort the port of the HTTP API on 127.0.0.1, or 0 for a free one
   * @param loaderFactory makes each node's loader; equal on every node
   * @param log receives the API's lines, one per request, and the counters when stopping
   * @return the running nodes
   * @throws PortInUseException if a node's port or the API's port is taken
   * @throws IOException if the API cannot start for another reason
   * @throws CacheException if a node cannot start for another reason: etcd cannot be reached, a
   *     live node of the cluster has the name of one of {@code here}, the nodes do not see each
   *     other within {@link #MEMBERS_DEADLINE}, or the cache exists with another configuration
   */
  static ScoresCluster start(Discovery discovery, Transport transport, List<Member> here,
      int apiPort, ScoreLoaderFactory loaderFactory, Consumer<String> log) throws IOException {
    if (here.isEmpty()) {
      throw new IllegalArgumentException("no node to run: here is empty");
    }
    List<CacheManager> managers = new ArrayList<>();
    try {
      for (Member member : here) {
        managers.add(ScoresNode.listen(member, discovery, transport));
      }
      awaitEachOther(managers, here.stream().map(Member::name).toList());
      List<ScoresNode> nodes = new ArrayList<>();
      for (CacheManager manager : managers) {
        nodes.add(ScoresNode.createCache(manager, loaderFactory));
      }
      ScoresNode first = nodes.get(0);
      ApiServer api;
      try {
        api = ApiServer.start(apiPort, first.cache(), first.name(), log);
      } catch (BindException e) {
        throw new PortInUseException(PortInUseException.Kind.API, "127.0.0.1:" + apiPort, e);
      }
      return new ScoresCluster(List.copyOf(nodes), api, log);
    } catch (IOException | RuntimeException e) {
      for (CacheManager manager : managers) {
        manager.getCachingProvider().close();
      }
      throw e;
    }
  }

  /** Waits until every node of this JVM has every other among its members. */
  private static void awaitEachOther(List<CacheManager> managers, List<String> names) {
    long deadline = System.nanoTime() + MEMBERS_DEADLINE.toNanos();
    while (!managers.stream().allMatch(manager -> ScoresNode.members(manager).containsAll(names))) {
      if (System.nanoTime() > deadline) {
        throw new CacheException("the nodes " + names + " do not see each other after "
            + MEMBERS_DEADLINE.toSeconds() + " s: " + managers.stream()
                .map(manager -> ScoresNode.members(manager).toString()).toList());
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CacheException("interrupted while the nodes " + names + " joined", e);
      }
    }
  }

  /**
   * The nodes running in this JVM, the API's node first.
   *
   * @return the nodes
   */
  public List<ScoresNode> nodes() {
    return nodes;
  }

  /**
   * The node that serves the API.
   *
   * @return the first node
   */
  public ScoresNode apiNode() {
    return nodes.get(0);
  }

  /**
   * The node of that name, running in this JVM.
   *
   * @param name a node's name, as {@link ScoresNode#name()}
   * @return the node
   * @throws IllegalArgumentException if no node of that name runs here
   */
  public ScoresNode node(String name) {
    return nodes.stream().filter(node -> node.name().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no node " + name + " runs in this JVM"));
  }

  /**
   * The address of the API.
   *
   * @return {@code http://127.0.0.1:<port>/api}
   */
  public URI apiUri() {
    return api.uri();
  }

  /**
   * Stops the API, logs each node's counters and stops the nodes. Closing twice does nothing more.
   */
  @Override
  public void close() {
    api.close();
    for (ScoresNode node : nodes) {
      if (!node.cache().isClosed()) {
        log.accept("[scores] stopped " + node.counters());
      }
    }
    for (int i = nodes.size() - 1; i >= 0; i--) {
      nodes.get(i).close();
    }
  }
}
