package io.peanutcache.event;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import javax.cache.Cache;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.event.EventType;

/**
 * Delivers a cache's events to its listeners.
 *
 * <p>Operations publish events while they hold the key's lock, so the order of publication is the
 * order of the changes; each listener gets the events of one key in that order, on the executor,
 * chained one after the other. Events of different keys may reach a listener in parallel. A
 * synchronous listener's deliveries are added to the operation's {@link EventBatch}, which the
 * operation awaits after it has released the key; an asynchronous listener's are not waited for.
 *
 * @param <K> the type of keys
 * @param <V> the type of values
 */
public final class EventDispatcher<K, V> {

  private final Executor executor;
  private final List<ListenerRegistration<K, V>> registrations = new CopyOnWriteArrayList<>();

  /** The last delivery queued per listener and key; removed when it completes and is still last. */
  private final ConcurrentHashMap<ListenerKey, CompletableFuture<Void>> tails = new ConcurrentHashMap<>();

  private volatile Cache<K, V> source;

  /**
   * Creates a dispatcher without listeners.
   *
   * @param executor runs the deliveries
   */
  public EventDispatcher(Executor executor) {
    this.executor = executor;
  }

  /**
   * Sets the cache named as the source of events.
   *
   * @param cache the cache
   */
  public void setSource(Cache<K, V> cache) {
    this.source = cache;
  }

  /**
   * Whether any listener is registered; operations skip building events when there is none.
   *
   * @return true if there is a listener
   */
  public boolean hasListeners() {
    return !registrations.isEmpty();
  }

  /**
   * Whether a listener for events of {@code type} is registered.
   *
   * @param type the event type
   * @return true if such an event would be delivered to someone
   */
  public boolean hasListenersFor(EventType type) {
    for (ListenerRegistration<K, V> registration : registrations) {
      if (registration.listensTo(type)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Builds the listener of {@code configuration} and starts delivering events to it.
   *
   * @param configuration the listener's configuration
   * @throws IllegalArgumentException if a listener with an equal configuration is registered
   */
  public synchronized void register(CacheEntryListenerConfiguration<K, V> configuration) {
    for (ListenerRegistration<K, V> registration : registrations) {
      if (registration.configuration().equals(configuration)) {
        throw new IllegalArgumentException("a cache entry listener with this configuration is already "
            + "registered: " + configuration + "; allowed: one registration per configuration");
      }
    }
    registrations.add(new ListenerRegistration<>(configuration));
  }

  /**
   * Stops delivering events to the listener of {@code configuration} and closes it, if it is
   * registered.
   *
   * @param configuration the listener's configuration
   * @return whether a listener was removed
   */
  public synchronized boolean deregister(CacheEntryListenerConfiguration<K, V> configuration) {
    for (ListenerRegistration<K, V> registration : registrations) {
      if (registration.configuration().equals(configuration)) {
        registrations.remove(registration);
        registration.close();
        return true;
      }
    }
    return false;
  }

  /**
   * Queues an event for every listener of its type. Call it while holding the key's lock.
   *
   * @param type what happened
   * @param key the entry's key
   * @param value the value after the event (the removed value for removed and expired events)
   * @param oldValue the value before the event, or null
   * @param batch collects the deliveries the operation must wait for; null for an event that no
   *     operation caused (an expiry found by the store), which joins the batch an operation on this
   *     thread has open, if any
   */
  public void publish(EventType type, K key, V value, V oldValue, EventBatch batch) {
    if (batch == null) {
      batch = EventBatch.openOnThisThread();
    }
    PeanutCacheEntryEvent<K, V> event = null;
    for (ListenerRegistration<K, V> registration : registrations) {
      if (!registration.listensTo(type)) {
        continue;
      }
      if (event == null) {
        event = new PeanutCacheEntryEvent<>(source, type, key, value, oldValue);
      }
      CompletableFuture<Void> delivery = enqueue(registration, key, event);
      if (batch != null && registration.isSynchronous()) {
        batch.add(delivery);
      }
    }
  }

  private CompletableFuture<Void> enqueue(ListenerRegistration<K, V> registration, K key,
      PeanutCacheEntryEvent<K, V> event) {
    ListenerKey tailKey = new ListenerKey(registration, key);
    CompletableFuture<Void> delivery = tails.compute(tailKey, (k, previous) -> previous == null
        ? CompletableFuture.runAsync(() -> registration.deliver(event), executor)
        : previous.handleAsync((ignored, failure) -> {
          registration.deliver(event);
          return null;
        }, executor));
    delivery.whenComplete((ignored, failure) -> tails.remove(tailKey, delivery));
    return delivery;
  }

  /** Stops every listener and closes it. */
  public synchronized void close() {
    for (ListenerRegistration<K, V> registration : registrations) {
      registration.close();
    }
    registrations.clear();
  }

  /** A listener and a key: the unit within which deliveries keep their order. */
  private record ListenerKey(Object registration, Object key) {}
}
