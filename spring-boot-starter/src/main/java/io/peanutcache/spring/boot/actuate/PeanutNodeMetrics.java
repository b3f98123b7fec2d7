package io.peanutcache.spring.boot.actuate;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.peanutcache.NodeStatus;
import io.peanutcache.jcache.PeanutCacheManager;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * The meters of a clustered PeanutCache node, read from its {@link NodeStatus} when the registry
 * asks: the gauges {@code peanutcache.members} and {@code peanutcache.partitions.owned}, the
 * counters {@code peanutcache.loads}, {@code peanutcache.hot.hits} and
 * {@code peanutcache.owner.operations}, and per operation called on peers
 * ({@code operation=get}, {@code put}, …) the timer {@code peanutcache.peer.calls} and the counter
 * {@code peanutcache.peer.call.failures}.
 *
 * <p>An operation's meters are registered once the node has called it: the first time any of
 * these meters is read after that call (a registry that publishes or is scraped reads them all).
 * An embedded node has no status, and binds nothing.
 */
public class PeanutNodeMetrics implements MeterBinder {

  private final Supplier<NodeStatus> status;
  /** The registries bound to, to which each operation's meters are added when it appears. */
  private final List<MeterRegistry> registries = new CopyOnWriteArrayList<>();
  /** The operations whose meters are registered; added to only under {@link #registries}' lock. */
  private final Set<String> operations = ConcurrentHashMap.newKeySet();

  /**
   * The meters of {@code manager}'s node.
   *
   * @param manager the PeanutCache JCache manager
   * @throws NullPointerException if {@code manager} is null
   */
  public PeanutNodeMetrics(PeanutCacheManager manager) {
    this(manager.nodeStatus().isEmpty() ? null : () -> manager.nodeStatus().orElseThrow());
  }

  /**
   * The meters of the node whose status {@code status} reads.
   *
   * @param status reads the node's status; null for an embedded node
   */
  public PeanutNodeMetrics(Supplier<NodeStatus> status) {
    this.status = status;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    Objects.requireNonNull(registry, "registry");
    if (status == null) {
      return;
    }
    Gauge.builder("peanutcache.members", this, gauge(node -> node.members().size()))
        .description("Members of the view of the cluster this node routes keys by")
        .register(registry);
    Gauge.builder("peanutcache.partitions.owned", this, gauge(NodeStatus::partitionsOwned))
        .description("Partitions of the key space this node owns")
        .register(registry);
    FunctionCounter.builder("peanutcache.loads", this, gauge(NodeStatus::loads))
        .description("Loads of missing keys this node's caches ran through their loaders")
        .register(registry);
    FunctionCounter.builder("peanutcache.hot.hits", this, gauge(NodeStatus::hotCacheHits))
        .description("Gets served from this node's hot copies of other nodes' entries")
        .register(registry);
    FunctionCounter.builder("peanutcache.owner.operations", this,
            gauge(NodeStatus::ownerOperations))
        .description("Key operations this node ran as the keys' owner")
        .register(registry);
    synchronized (registries) {
      registries.add(registry);
      operations.forEach(operation -> registerOperation(registry, operation));
    }
    read();
  }

  private ToDoubleFunction<PeanutNodeMetrics> gauge(ToDoubleFunction<NodeStatus> value) {
    return metrics -> value.applyAsDouble(metrics.read());
  }

  /** The node's status now, after registering the meters of operations called since last time. */
  private NodeStatus read() {
    NodeStatus node = status.get();
    for (String operation : node.peerCalls().keySet()) {
      if (!operations.contains(operation)) {
        synchronized (registries) {
          if (operations.add(operation)) {
            registries.forEach(registry -> registerOperation(registry, operation));
          }
        }
      }
    }
    return node;
  }

  private void registerOperation(MeterRegistry registry, String operation) {
    FunctionTimer.builder("peanutcache.peer.calls", this,
            metrics -> totals(metrics, operation).calls(),
            metrics -> totals(metrics, operation).totalNanos(), TimeUnit.NANOSECONDS)
        .tag("operation", operation)
        .description("Calls this node made to its peers, by operation, from before the"
            + " connection was awaited to the reply")
        .register(registry);
    FunctionCounter.builder("peanutcache.peer.call.failures", this,
            metrics -> totals(metrics, operation).failures())
        .tag("operation", operation)
        .description("Calls this node made to its peers that failed, by operation")
        .register(registry);
  }

  private static NodeStatus.PeerCalls totals(PeanutNodeMetrics metrics, String operation) {
    NodeStatus.PeerCalls totals = metrics.read().peerCalls().get(operation);
    return totals == null ? new NodeStatus.PeerCalls(0, 0, 0) : totals;
  }
}
