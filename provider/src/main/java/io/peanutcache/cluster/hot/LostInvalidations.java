package io.peanutcache.cluster.hot;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * For tests only: makes nodes lose every invalidation batch and heartbeat they send, as a network
 * that drops messages would, to check what a hot cache serves when they are lost. Not a setting:
 * nothing outside this package's tests calls it.
 */
final class LostInvalidations {

  /** The names of the nodes whose outgoing batches are lost. */
  private static final Set<String> SENDERS = ConcurrentHashMap.newKeySet();

  private LostInvalidations() {}

  /** From now on the batches {@code node} sends are lost. */
  static void from(String node) {
    SENDERS.add(node);
  }

  /** No batch is lost any more. */
  static void none() {
    SENDERS.clear();
  }

  /** Whether the batches {@code node} sends are lost. */
  static boolean areLostFrom(String node) {
    return !SENDERS.isEmpty() && SENDERS.contains(node);
  }
}
