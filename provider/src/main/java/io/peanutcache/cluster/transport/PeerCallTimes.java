package io.peanutcache.cluster.transport;

import io.peanutcache.NodeStatus;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * How many calls a node made to its peers, by operation, how long they took in all, and how many
 * failed: what a metrics registry turns into a timer per operation. Recording is a few adds on
 * counters of the operation, so it costs the call path next to nothing.
 */
public final class PeerCallTimes {

  private static final class Counters {
    final LongAdder calls = new LongAdder();
    final LongAdder nanos = new LongAdder();
    final LongAdder failures = new LongAdder();
  }

  private final ConcurrentHashMap<String, Counters> byOperation = new ConcurrentHashMap<>();

  /**
   * Counts one call.
   *
   * @param operation the operation, as the client names it in messages ({@code get}, {@code put}, …)
   * @param nanos how long the call took, from before its connection was awaited to its reply
   * @param failed whether it failed
   */
  void record(String operation, long nanos, boolean failed) {
    Counters counters = byOperation.computeIfAbsent(operation, name -> new Counters());
    counters.calls.increment();
    counters.nanos.add(nanos);
    if (failed) {
      counters.failures.increment();
    }
  }

  /**
   * The totals of every operation called so far.
   *
   * @return the totals by operation, in name order
   */
  public Map<String, NodeStatus.PeerCalls> totals() {
    Map<String, NodeStatus.PeerCalls> totals = new TreeMap<>();
    byOperation.forEach((operation, counters) -> totals.put(operation,
        new NodeStatus.PeerCalls(counters.calls.sum(), counters.nanos.sum(), counters.failures.sum())));
    return totals;
  }
}
