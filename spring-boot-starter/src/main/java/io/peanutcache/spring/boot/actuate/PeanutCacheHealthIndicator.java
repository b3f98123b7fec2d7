package io.peanutcache.spring.boot.actuate;

import io.peanutcache.NodeStatus;
import io.peanutcache.jcache.PeanutCacheManager;
import java.time.Clock;
import java.util.Objects;
import java.util.function.Supplier;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * The health of this PeanutCache node, contributed as {@code peanutcache}.
 *
 * <p>A clustered node is DOWN when it is not in its own view of the membership (its etcd
 * registration expired) or when etcd has been unreachable for longer than its registration
 * lasts (the other nodes may have dropped it); it is UP otherwise, and in either case its
 * details are the node's name, where its members come from, the epoch and members of the view it
 * routes by, the partitions it owns, and since when etcd has been unreachable, while it is. An
 * embedded node (no peers, no etcd) is always UP, with {@code mode: embedded}.
 *
 * <p>Reading the status takes no network call, so the indicator suits the readiness and
 * liveness groups.
 */
public class PeanutCacheHealthIndicator extends AbstractHealthIndicator {

  private final Supplier<NodeStatus> status;
  private final Clock clock;

  /**
   * The health of {@code manager}'s node.
   *
   * @param manager the PeanutCache JCache manager
   * @throws NullPointerException if {@code manager} is null
   */
  public PeanutCacheHealthIndicator(PeanutCacheManager manager) {
    this(manager.nodeStatus().isEmpty() ? null : () -> manager.nodeStatus().orElseThrow(), Clock.systemUTC());
  }

  /**
   * The health of the node whose status {@code status} reads.
   *
   * @param status reads the node's status; null for an embedded node
   * @param clock the clock against which a lost contact with etcd is judged
   * @throws NullPointerException if {@code clock} is null
   */
  public PeanutCacheHealthIndicator(Supplier<NodeStatus> status, Clock clock) {
    super("PeanutCache node status could not be read");
    this.status = status;
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  protected void doHealthCheck(Health.Builder builder) {
    if (status == null) {
      builder.up().withDetail("mode", "embedded");
      return;
    }
    NodeStatus node = status.get();
    builder.withDetail("mode", "clustered")
        .withDetail("node", node.nodeName())
        .withDetail("membership", node.membership())
        .withDetail("epoch", node.epoch())
        .withDetail("members", node.members())
        .withDetail("inOwnView", node.inOwnView())
        .withDetail("partitionsOwned", node.partitionsOwned())
        .withDetail("partitionCount", node.partitionCount());
    node.membershipUnreachableSince()
        .ifPresent(since -> builder.withDetail("etcdUnreachableSince", since.toString()));
    if (!node.inOwnView()) {
      builder.down().withDetail("reason", "this node is not in its own view of the membership");
    } else if (node.membershipLost(clock.instant())) {
      builder.down().withDetail("reason", "etcd has been unreachable for longer than this"
          + " node's registration lasts (" + node.registrationTtl().orElseThrow() + ")");
    } else {
      builder.up();
    }
  }
}
