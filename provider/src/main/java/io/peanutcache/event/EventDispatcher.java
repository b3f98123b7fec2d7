package io.peanutcache.event;

import io.peanutcache.threads.PressureLog;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.Cache;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.event.CacheEntryListenerException;
import javax.cache.event.EventType;

/**
 * Delivers a cache's events to its listeners.
 *
 * <p>Operations publish events while they hold the key's lock, so the order of publication is the
 * order of the changes; each sink gets the events of one key in that order, on the executor,
 * chained one after the other. Events of different keys may reach a sink in parallel. A
 * synchronous sink's deliveries are added to the operation's {@link EventBatch}, which the
 * operation awaits after it has released the key; an asynchronous sink's are not waited for.
 *
 * <p>The sinks are the listeners registered on this node and, in a cluster, the listeners
 * registered on other nodes, to which the events of the keys this node owns are sent.
 *
 * <p>In a cluster the deliveries waiting (for a thread, or behind an earlier event of their key)
 * are bounded: a delivery beyond the bound, or one the executor refuses, fails at once with a
 * {@link CacheEntryListenerException} that says so, which reaches the operation if the listener is
 * synchronous; an asynchronous listener does not get that event. Refusals are logged once a
 * minute.
 *
 * @param <K> the type of keys
 * @param <V> the type of values
 */
public final class EventDispatcher<K, V> {

  private static final System.Logger LOG = System.getLogger(EventDispatcher.class.getName());

  private final Executor executor;

  /** The most deliveries waiting or running; more are refused. */
  private final int maxWaiting;

  /** Names the bound, for messages: the cache, the node and the setting. */
  private final String bound;

  /** The deliveries waiting or running. */
  private final AtomicInteger waiting = new AtomicInteger();

  private final PressureLog pressure;

  /** Every sink: this node's registrations and the other nodes' listeners. */
  private final List<EventSink<K, V>> sinks = new CopyOnWriteArrayList<>();

  /** The listeners registered on this node. Guarded by this. */
  private final List<ListenerRegistration<K, V>> registrations = new CopyOnWriteArrayList<>();

  /** The sinks of listeners registered on other nodes, by the key their node gave. */
  private final ConcurrentHashMap<Object, EventSink<K, V>> remote = new ConcurrentHashMap<>();

  /** The last delivery queued per sink and key; removed when it completes and is still last. */
  private final ConcurrentHashMap<SinkKey, CompletableFuture<Void>> tails = new ConcurrentHashMap<>();

  private volatile Cache<K, V> source;

  /**
   * Creates a dispatcher without listeners.
   *
   * @param executor runs the deliveries
   */
  public EventDispatcher(Executor executor) {
    this(executor, Integer.MAX_VALUE, "deliveries");
  }

  /**
   * Creates a dispatcher without listeners, whose waiting deliveries are bounded.
   *
   * @param executor runs the deliveries; may refuse them with a {@code RejectedExecutionException}
   * @param maxWaiting the most deliveries waiting or running
   * @param bound names the bound for messages, such as
   *     {@code the events of cache c on node n (peanutcache.events.queue)}
   */
  public EventDispatcher(Executor executor, int maxWaiting, String bound) {
    this.executor = executor;
    this.maxWaiting = maxWaiting;
    this.bound = bound;
    this.pressure = new PressureLog(LOG, bound + " were refused");
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
   * Whether any listener is registered, here or elsewhere; operations skip building events when
   * there is none.
   *
   * @return true if there is a listener
   */
  public boolean hasListeners() {
    return !sinks.isEmpty();
  }

  /**
   * Whether a listener for events of {@code type} is registered, here or elsewhere.
   *
   * @param type the event type
   * @return true if such an event would be delivered to someone
   */
  public boolean hasListenersFor(EventType type) {
    for (EventSink<K, V> sink : sinks) {
      if (sink.listensTo(type)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Builds the listener of {@code configuration} on this node and starts delivering events to it.
   *
   * @param configuration the listener's configuration
   * @return how other nodes see the registration
   * @throws IllegalArgumentException if a listener with an equal configuration is registered
   */
  public synchronized ListenerDescriptor register(CacheEntryListenerConfiguration<K, V> configuration) {
    for (ListenerRegistration<K, V> registration : registrations) {
      if (registration.configuration().equals(configuration)) {
        throw new IllegalArgumentException("a cache entry listener with this configuration is already "
            + "registered: " + configuration + "; allowed: one registration per configuration");
      }
    }
    ListenerRegistration<K, V> registration = new ListenerRegistration<>(configuration, () -> source);
    registrations.add(registration);
    sinks.add(registration);
    return registration.descriptor();
  }

  /**
   * Stops delivering events to the listener of {@code configuration} and closes it, if it is
   * registered on this node.
   *
   * @param configuration the listener's configuration
   * @return how other nodes saw the removed registration, or null if there was none
   */
  public synchronized ListenerDescriptor deregister(CacheEntryListenerConfiguration<K, V> configuration) {
    for (ListenerRegistration<K, V> registration : registrations) {
      if (registration.configuration().equals(configuration)) {
        registrations.remove(registration);
        sinks.remove(registration);
        registration.close();
        return registration.descriptor();
      }
    }
    return null;
  }

  /**
   * How many listeners there are: those registered on this node and those of other nodes.
   *
   * @return the number of listeners
   */
  public int listenerCount() {
    return registrations.size() + remote.size();
  }

  /**
   * The listeners registered on this node, as other nodes see them.
   *
   * @return their descriptors
   */
  public List<ListenerDescriptor> descriptors() {
    List<ListenerDescriptor> descriptors = new ArrayList<>();
    for (ListenerRegistration<K, V> registration : registrations) {
      descriptors.add(registration.descriptor());
    }
    return descriptors;
  }

  /**
   * Starts delivering events to a listener registered on another node, unless a sink with that
   * key is already there.
   *
   * @param key identifies the listener among every node's listeners
   * @param sink sends the events to it
   * @return whether the sink was added
   */
  public boolean addRemote(Object key, EventSink<K, V> sink) {
    if (remote.putIfAbsent(key, sink) != null) {
      return false;
    }
    sinks.add(sink);
    return true;
  }

  /**
   * The sinks of listeners registered on other nodes.
   *
   * @return a snapshot of them
   */
  public List<EventSink<K, V>> remoteSinks() {
    return List.copyOf(remote.values());
  }

  /**
   * Stops delivering events to a listener registered on another node.
   *
   * @param key the key it was added with
   * @return whether there was such a sink
   */
  public boolean removeRemote(Object key) {
    EventSink<K, V> sink = remote.remove(key);
    if (sink == null) {
      return false;
    }
    sinks.remove(sink);
    sink.close();
    return true;
  }

  /**
   * Delivers an event another node produced to a listener registered here, now, on this thread.
   *
   * @param id the registration's id
   * @param type what happened
   * @param key the entry's key
   * @param value the value after the event (the removed value for removed and expired events)
   * @param oldValue the value before the event, or null
   * @return false if no listener with that id is registered here
   * @throws javax.cache.event.CacheEntryListenerException if the listener failed
   */
  public boolean deliverNow(long id, EventType type, K key, V value, V oldValue) {
    for (ListenerRegistration<K, V> registration : registrations) {
      if (registration.id() == id) {
        registration.deliver(new Change<>(type, key, value, oldValue));
        return true;
      }
    }
    return false;
  }

  /**
   * Queues an event for every sink of its type. Call it while holding the key's lock.
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
    Change<K, V> change = null;
    for (EventSink<K, V> sink : sinks) {
      if (!sink.listensTo(type)) {
        continue;
      }
      if (change == null) {
        change = new Change<>(type, key, value, oldValue);
      }
      CompletableFuture<Void> delivery = enqueue(sink, key, change);
      if (batch != null && sink.isSynchronous()) {
        batch.add(delivery);
      }
    }
  }

  private CompletableFuture<Void> enqueue(EventSink<K, V> sink, K key, Change<K, V> event) {
    if (waiting.incrementAndGet() > maxWaiting) {
      waiting.decrementAndGet();
      pressure.refused(() -> maxWaiting + " deliveries waiting, the most allowed");
      return CompletableFuture.failedFuture(new CacheEntryListenerException("an event of type " + event.type()
          + " was not delivered: " + bound + " has " + maxWaiting + " deliveries waiting, the most allowed"));
    }
    SinkKey tailKey = new SinkKey(sink, key);
    CompletableFuture<Void> delivery = new CompletableFuture<>();
    Runnable deliver = () -> {
      try {
        sink.deliver(event);
        delivery.complete(null);
      } catch (Throwable failure) {
        delivery.completeExceptionally(failure);
      }
    };
    CompletableFuture<Void> previous = tails.put(tailKey, delivery);
    delivery.whenComplete((ignored, failure) -> {
      waiting.decrementAndGet();
      tails.remove(tailKey, delivery);
    });
    if (previous == null) {
      submit(deliver, delivery);
    } else {
      // after the previous event of the key, delivered or not
      previous.whenComplete((ignored, failure) -> submit(deliver, delivery));
    }
    return delivery;
  }

  /** Hands a delivery to the executor; one it refuses fails with the executor's reason. */
  private void submit(Runnable deliver, CompletableFuture<Void> delivery) {
    try {
      executor.execute(deliver);
    } catch (RejectedExecutionException refused) {
      delivery.completeExceptionally(new CacheEntryListenerException("an event was not delivered: "
          + refused.getMessage(), refused));
    }
  }

  /** Stops every sink and closes this node's listeners. */
  public synchronized void close() {
    for (EventSink<K, V> sink : sinks) {
      sink.close();
    }
    sinks.clear();
    registrations.clear();
    remote.clear();
  }

  /** A sink and a key: the unit within which deliveries keep their order. */
  private record SinkKey(Object sink, Object key) {}
}
