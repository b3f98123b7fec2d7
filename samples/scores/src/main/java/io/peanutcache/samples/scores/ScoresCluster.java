package io.peanutcache.samples.scores;

import io.peanutcache.samples.scores.api.ApiServer;
import io.peanutcache.samples.scores.database.ScoreLoaderFactory;
import java.io.IOException;
import java.net.BindException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import javax.cache.CacheManager;

/**
 * The nodes of a scores cluster that run in this JVM, and the HTTP API served by the first of
 * them: all the nodes of the cluster in the one-command demo, or one node per process.
 *
 * <p>Every node listens before the cache is created, so the {@code scores} cache created on the
 * first node is defined on every node at once; the others then create it with an equal
 * configuration, which joins it. The caller owns the database.
 */
public final class ScoresCluster implements AutoCloseable {

  private final List<ScoresNode> nodes;
  private final ApiServer api;
  private final Consumer<String> log;

  private ScoresCluster(List<ScoresNode> nodes, ApiServer api, Consumer<String> log) {
    this.nodes = nodes;
    this.api = api;
    this.log = log;
  }

  /**
   * Starts the nodes at {@code here}, members of the cluster {@code peers}, and the API on the
   * first of them.
   *
   * @param peers every node's {@code host:port}, in the same order on every node
   * @param here the addresses of the nodes to run in this JVM, each one of {@code peers}
   * @param apiPort the port of the HTTP API on 127.0.0.1, or 0 for a free one
   * @param loaderFactory makes each node's loader; equal on every node
   * @param log receives the API's lines, one per request, and the counters when stopping
   * @return the running nodes
   * @throws PortInUseException if a node's port or the API's port is taken
   * @throws IOException if the API cannot start for another reason
   * @throws javax.cache.CacheException if a node cannot start for another reason
   */
  public static ScoresCluster start(List<String> peers, List<String> here, int apiPort,
      ScoreLoaderFactory loaderFactory, Consumer<String> log) throws IOException {
    if (here.isEmpty()) {
      throw new IllegalArgumentException("no node to run: here is empty");
    }
    List<CacheManager> managers = new ArrayList<>();
    try {
      for (String address : here) {
        managers.add(ScoresNode.listen(address, peers));
      }
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
   * @param name a node's {@code host:port}
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
