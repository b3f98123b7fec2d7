package io.peanutcache.cluster.peers;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;
import javax.cache.event.EventType;

/**
 * A cache entry listener as the nodes that own keys see it: where it runs and what it hears. The
 * listener and its filter stay on the node that registered them.
 *
 * @param node the member the listener was registered on; events go there
 * @param id the registration's identity on that member (random, so a restarted member never
 *     reuses one)
 * @param types the event types the listener implements
 * @param synchronous whether the operation that causes an event waits until the listener has run
 * @param oldValueRequired whether events carry the value before the change
 */
public record ListenerSpec(String node, long id, Set<EventType> types, boolean synchronous,
    boolean oldValueRequired) {

  /** Copies the types. */
  public ListenerSpec {
    types = types.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(types));
  }
}
