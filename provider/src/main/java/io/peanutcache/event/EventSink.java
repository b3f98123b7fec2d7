package io.peanutcache.event;

import javax.cache.event.EventType;

/**
 * Where a cache's events go: a listener on this node, or a listener registered on another node
 * that the events are sent to.
 *
 * <p>The dispatcher calls {@link #deliver} for one key's events one after the other, in the order
 * of the changes, never in parallel; events of different keys may be delivered in parallel.
 *
 * @param <K> the type of keys
 * @param <V> the type of values
 */
public interface EventSink<K, V> {

  /**
   * Whether events of {@code type} go to this sink.
   *
   * @param type the event type
   * @return true if the listener implements that type's interface
   */
  boolean listensTo(EventType type);

  /**
   * Whether the operation that causes an event waits until this sink has delivered it.
   *
   * @return true for a synchronous listener
   */
  boolean isSynchronous();

  /**
   * Delivers one change; returns when the listener has run.
   *
   * @param change what happened
   * @throws javax.cache.event.CacheEntryListenerException if the listener failed
   */
  void deliver(Change<K, V> change);

  /** Stops the sink and releases what it holds; called once, after the last delivery is queued. */
  void close();
}
