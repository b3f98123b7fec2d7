package io.peanutcache.event;

import java.util.Set;
import javax.cache.event.EventType;

/**
 * What the nodes that own keys need to know of a listener registered on this node, to send it
 * their events: the registration's id, the event types its listener implements and how it wants
 * them.
 *
 * @param id the registration's identity, random and unique on this node
 * @param types the event types the listener implements
 * @param synchronous whether an operation waits for the listener
 * @param oldValueRequired whether events carry the value before the change
 */
public record ListenerDescriptor(long id, Set<EventType> types, boolean synchronous,
    boolean oldValueRequired) {

  /** Copies the types. */
  public ListenerDescriptor {
    types = Set.copyOf(types);
  }
}
