package io.peanutcache.cluster;

import io.peanutcache.NodeStatus;
import io.peanutcache.PeanutConfiguration;
import io.peanutcache.cluster.definitions.ClusterDefinitions;
import io.peanutcache.cluster.hosting.CacheId;
import io.peanutcache.cluster.hosting.HostedCache;
import io.peanutcache.cluster.routing.RoutedOperations;
import io.peanutcache.engine.CacheEngine;
import io.peanutcache.event.EventDispatcher;
import io.peanutcache.host.CacheHost;
import io.peanutcache.host.CacheRuntime;
import io.peanutcache.management.CacheStatistics;
import io.peanutcache.settings.NodeSettings;
import io.peanutcache.store.TimeSource;
import java.util.Collection;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The caches of one CacheManager on a {@link Node} of this JVM: each is hosted on the node under
 * the manager's identity and its name, defined and destroyed on every node, and a handle's
 * operations are routed to each key's owner.
 */
public final class NodeCacheHost implements CacheHost {

  private final Node node;
  private final String identity;
  private final ClusterDefinitions definitions;

  private NodeCacheHost(Node node, String identity) {
    this.node = node;
    this.identity = identity;
    this.definitions = node.definitions();
  }

  /**
   * The host of a manager's caches on the node of {@code settings}, started if none runs yet; what
   * the provider gives a manager whose node settings are clustered.
   *
   * @param settings clustered node settings
   * @param managerIdentity the identity of the manager's caches in the cluster
   * @param classLoader loads the classes of caches defined by peers, if the node starts now
   * @param time the clock of the node's caches, if the node starts now
   * @return the host, holding the node until {@link #release}
   */
  public static CacheHost open(NodeSettings settings, String managerIdentity, ClassLoader classLoader,
      TimeSource time) {
    return new NodeCacheHost(Nodes.acquire(settings, classLoader, time), managerIdentity);
  }

  /**
   * The node the caches are hosted on.
   *
   * @return the node
   */
  public Node node() {
    return node;
  }

  @Override
  @SuppressWarnings("unchecked")
  public <K, V> CacheRuntime<K, V> define(String cacheName, PeanutConfiguration<K, V> configuration,
      ClassLoader classLoader, CacheStatistics handleStatistics) {
    HostedCache hosted = definitions.define(id(cacheName), (PeanutConfiguration<Object, Object>) configuration,
        classLoader);
    return runtime(hosted, handleStatistics);
  }

  @Override
  public Optional<PeanutConfiguration<Object, Object>> find(String cacheName) {
    return Optional.ofNullable(definitions.find(id(cacheName))).map(HostedCache::configuration);
  }

  @Override
  public CacheRuntime<Object, Object> open(String cacheName, CacheStatistics handleStatistics) {
    HostedCache hosted = node.caches().get(id(cacheName));
    return hosted == null ? null : runtime(hosted, handleStatistics);
  }

  @SuppressWarnings("unchecked")
  private <K, V> CacheRuntime<K, V> runtime(HostedCache hosted, CacheStatistics handleStatistics) {
    RoutedOperations<K, V> operations = new RoutedOperations<>(node, hosted);
    operations.attach(handleStatistics);
    return new CacheRuntime<>(operations, operations, (CacheEngine<K, V>) (CacheEngine<?, ?>) hosted.engine(),
        (EventDispatcher<K, V>) (EventDispatcher<?, ?>) hosted.events());
  }

  @Override
  public boolean isHosted(String cacheName) {
    return node.caches().get(id(cacheName)) != null;
  }

  @Override
  public void destroy(String cacheName) {
    definitions.destroy(id(cacheName));
  }

  @Override
  public Runnable onDestroy(Consumer<String> listener) {
    return node.caches().onDestroy(id -> {
      if (id.manager().equals(identity)) {
        listener.accept(id.name());
      }
    });
  }

  @Override
  public NodeStatus status() {
    return node.status();
  }

  @Override
  public void allowSerialized(Collection<String> patterns) {
    node.allowList().add(patterns);
  }

  @Override
  public void release() {
    Nodes.release(node);
  }

  private CacheId id(String cacheName) {
    return new CacheId(identity, cacheName);
  }

  @Override
  public String toString() {
    return "NodeCacheHost{" + identity + " on " + node + "}";
  }
}
