package io.peanutcache.testing;

import java.io.Serializable;
import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.CacheEntryExpiredListener;
import javax.cache.event.CacheEntryRemovedListener;
import javax.cache.event.CacheEntryUpdatedListener;

/**
 * A listener of every kind of entry event, which hands each batch it hears to {@link #heard}: what
 * the tests that record events extend.
 *
 * @param <K> the type of keys
 * @param <V> the type of values
 */
public abstract class EveryEventListener<K, V> implements CacheEntryCreatedListener<K, V>,
    CacheEntryUpdatedListener<K, V>, CacheEntryRemovedListener<K, V>, CacheEntryExpiredListener<K, V>,
    Serializable {

  private static final long serialVersionUID = 1L;

  /**
   * Takes a batch of events of any kind.
   *
   * @param events the events
   */
  protected abstract void heard(Iterable<CacheEntryEvent<? extends K, ? extends V>> events);

  @Override
  public void onCreated(Iterable<CacheEntryEvent<? extends K, ? extends V>> events) {
    heard(events);
  }

  @Override
  public void onUpdated(Iterable<CacheEntryEvent<? extends K, ? extends V>> events) {
    heard(events);
  }

  @Override
  public void onRemoved(Iterable<CacheEntryEvent<? extends K, ? extends V>> events) {
    heard(events);
  }

  @Override
  public void onExpired(Iterable<CacheEntryEvent<? extends K, ? extends V>> events) {
    heard(events);
  }
}
