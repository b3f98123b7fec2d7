package io.peanutcache.cluster.peers;

import java.util.List;

/**
 * A cache's definition as a node that hosts it hands it out, for a node that has not learned it
 * yet.
 *
 * @param definition the definition
 * @param listeners the listeners registered for the cache anywhere in the cluster, as the node
 *     knows them
 */
public record FetchedDefinition(CacheDefinition definition, List<ListenerSpec> listeners) {

  /** Copies the listeners. */
  public FetchedDefinition {
    listeners = List.copyOf(listeners);
  }
}
