package io.peanutcache.cluster.peers;

import io.peanutcache.cluster.hosting.HostedCaches;
import java.util.List;

/**
 * What a node answered when asked to define a cache.
 *
 * @param outcome whether it created the cache, joined an equal definition, or hosts the cache
 *     with another configuration
 * @param existing for a conflict, the description of the configuration the node hosts; otherwise
 *     empty
 * @param listeners unless there is a conflict, the listeners registered for the cache anywhere in
 *     the cluster, as the node knows them
 */
public record DefineOutcome(HostedCaches.Outcome outcome, String existing, List<ListenerSpec> listeners) {

  /** Copies the listeners. */
  public DefineOutcome {
    listeners = List.copyOf(listeners);
  }
}
