package io.peanutcache.event;

import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import javax.cache.Cache;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.configuration.Factory;
import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.CacheEntryEventFilter;
import javax.cache.event.CacheEntryExpiredListener;
import javax.cache.event.CacheEntryListener;
import javax.cache.event.CacheEntryRemovedListener;
import javax.cache.event.CacheEntryUpdatedListener;
import javax.cache.event.EventType;

/**
 * A listener built from a {@link CacheEntryListenerConfiguration} on this node, with its filter and
 * the event types it implements. The filter runs here, before the listener, whichever node
 * produced the event.
 *
 * @param <K> the type of keys
 * @param <V> the type of values
 */
final class ListenerRegistration<K, V> implements EventSink<K, V> {

  private final long id = ThreadLocalRandom.current().nextLong();
  private final CacheEntryListenerConfiguration<K, V> configuration;
  private final CacheEntryListener<? super K, ? super V> listener;
  private final CacheEntryEventFilter<? super K, ? super V> filter;

  private final Supplier<Cache<K, V>> source;

  /**
   * Builds the listener and filter of {@code configuration}.
   *
   * @param configuration the listener's configuration
   * @param source the cache to name as the source of its events
   */
  ListenerRegistration(CacheEntryListenerConfiguration<K, V> configuration, Supplier<Cache<K, V>> source) {
    this.configuration = configuration;
    this.source = source;
    this.listener = configuration.getCacheEntryListenerFactory().create();
    Factory<CacheEntryEventFilter<? super K, ? super V>> filterFactory =
        configuration.getCacheEntryEventFilterFactory();
    this.filter = filterFactory == null ? null : filterFactory.create();
  }

  CacheEntryListenerConfiguration<K, V> configuration() {
    return configuration;
  }

  long id() {
    return id;
  }

  /** How the nodes owning keys see this listener. */
  ListenerDescriptor descriptor() {
    EnumSet<EventType> types = EnumSet.noneOf(EventType.class);
    for (EventType type : EventType.values()) {
      if (listensTo(type)) {
        types.add(type);
      }
    }
    return new ListenerDescriptor(id, types, isSynchronous(), configuration.isOldValueRequired());
  }

  @Override
  public boolean isSynchronous() {
    return configuration.isSynchronous();
  }

  @Override
  public boolean listensTo(EventType type) {
    return switch (type) {
      case CREATED -> listener instanceof CacheEntryCreatedListener;
      case UPDATED -> listener instanceof CacheEntryUpdatedListener;
      case REMOVED -> listener instanceof CacheEntryRemovedListener;
      case EXPIRED -> listener instanceof CacheEntryExpiredListener;
    };
  }

  /** Runs the filter and, if it passes the event, the listener. */
  @Override
  @SuppressWarnings("unchecked")
  public void deliver(Change<K, V> change) {
    CacheEntryEvent<K, V> event = new PeanutCacheEntryEvent<>(source.get(), change.type(), change.key(),
        change.value(), change.oldValue());
    if (filter != null && !filter.evaluate(event)) {
      return;
    }
    Iterable<CacheEntryEvent<? extends K, ? extends V>> events = List.of(event);
    switch (event.getEventType()) {
      case CREATED -> ((CacheEntryCreatedListener<K, V>) listener).onCreated(events);
      case UPDATED -> ((CacheEntryUpdatedListener<K, V>) listener).onUpdated(events);
      case REMOVED -> ((CacheEntryRemovedListener<K, V>) listener).onRemoved(events);
      case EXPIRED -> ((CacheEntryExpiredListener<K, V>) listener).onExpired(events);
    }
  }

  @Override
  public void close() {
    closeQuietly(listener);
    closeQuietly(filter);
  }

  private static void closeQuietly(Object resource) {
    if (resource instanceof AutoCloseable closeable) {
      try {
        closeable.close();
      } catch (Exception e) {
        System.getLogger(ListenerRegistration.class.getName())
            .log(System.Logger.Level.WARNING, "closing " + resource + " failed", e);
      }
    }
  }
}
