package io.peanutcache.engine;

import io.peanutcache.event.EventBatch;
import io.peanutcache.event.EventDispatcher;
import io.peanutcache.store.StoredEntry;
import io.peanutcache.store.TimeSource;
import javax.cache.event.EventType;

/**
 * The steps every change of an entry shares, run inside the key's compute: whether the entry found
 * is live (an expired one is reported as expired), the entry a create, an update or an access
 * leaves (the expiry policy consulted once) and the events of it.
 *
 * @param <K> the type of keys
 * @param <V> the type of values
 */
final class EntryLifecycle<K, V> {

  private final ValueStorage storage;
  private final ExpiryTimes expiry;
  private final EventDispatcher<K, V> events;
  private final TimeSource time;

  EntryLifecycle(ValueStorage storage, ExpiryTimes expiry, EventDispatcher<K, V> events, TimeSource time) {
    this.storage = storage;
    this.expiry = expiry;
    this.events = events;
    this.time = time;
  }

  /** The time of the clock entries expire by. */
  long now() {
    return time.nanos();
  }

  /** Whether entries may expire at all; JSR-107's eternal policy never makes one expire. */
  boolean mayExpire() {
    return expiry.mayExpire();
  }

  /**
   * Whether reading an entry never changes its expiry, so a read need not consult the policy:
   * JSR-107's eternal, created and modified policies.
   */
  boolean readsLeaveExpiry() {
    return expiry.readsLeaveExpiry();
  }

  /**
   * Whether reading an entry runs no code of the application's: its entries never expire (no
   * expiry policy to consult, no expired event) and it has no listeners.
   */
  boolean readsRunNoApplicationCode() {
    return !expiry.mayExpire() && !events.hasListeners();
  }

  /** Whether an entry found outside its key's lock has not expired; eternal ones skip the clock. */
  boolean isLive(StoredEntry entry) {
    return entry.expiresAt() == StoredEntry.NEVER || !entry.isExpiredAt(time.nanos());
  }

  /**
   * The live entry among {@code current}: null if there is none, and null (after publishing an
   * expired event) if it has expired.
   */
  StoredEntry live(K key, StoredEntry current, long now, EventBatch batch) {
    if (current == null) {
      return null;
    }
    if (current.isExpiredAt(now)) {
      publishRemoval(EventType.EXPIRED, key, current, batch);
      return null;
    }
    return current;
  }

  /** A new entry for a created value, or null if the expiry policy says it expires at once. */
  StoredEntry create(K key, V value, Object stored, long now, EventBatch batch) {
    long expiresAt = expiry.forCreation(now);
    if (expiresAt == ExpiryTimes.DO_NOT_CREATE) {
      return null;
    }
    if (events.hasListeners()) {
      events.publish(EventType.CREATED, key, value, null, batch);
    }
    return StoredEntry.of(stored, expiresAt);
  }

  /** A new entry for a value kept as it is (handed over by another node). */
  StoredEntry kept(Object stored, long expiresAt) {
    return StoredEntry.of(stored, expiresAt);
  }

  /** The entry that replaces {@code live} with a new value. */
  @SuppressWarnings("unchecked")
  StoredEntry update(K key, V value, Object stored, StoredEntry live, long now, EventBatch batch) {
    long expiresAt = expiry.forUpdate(now, live.expiresAt());
    if (events.hasListeners()) {
      events.publish(EventType.UPDATED, key, value, (V) storage.read(live.value()), batch);
    }
    return StoredEntry.of(stored, expiresAt);
  }

  /** The entry of {@code key} that {@code value} makes: {@code live} updated, or a new one. */
  StoredEntry createOrUpdate(K key, V value, Object stored, StoredEntry live, long now, EventBatch batch) {
    return live == null ? create(key, value, stored, now, batch) : update(key, value, stored, live, now, batch);
  }

  /** {@code live} after a read that did not change it: the access expiry applies. */
  StoredEntry accessed(StoredEntry live) {
    long expiresAt = expiry.forAccess(time, live.expiresAt());
    return expiresAt == live.expiresAt() ? live : live.withExpiresAt(expiresAt);
  }

  /** Publishes the removal of {@code entry}, as {@code type}, to the listeners of that type. */
  @SuppressWarnings("unchecked")
  void publishRemoval(EventType type, K key, StoredEntry entry, EventBatch batch) {
    if (events.hasListenersFor(type)) {
      V value = (V) storage.read(entry.value());
      events.publish(type, key, value, value, batch);
    }
  }

  /**
   * Reports an entry the store dropped because it expired.
   *
   * @param key the entry's key, as the store holds it
   * @param entry the entry
   */
  @SuppressWarnings("unchecked")
  void expiredInStore(Object key, StoredEntry entry) {
    publishRemoval(EventType.EXPIRED, (K) key, entry, null);
  }

  /**
   * A batch that collects the events of an operation, so that synchronous listeners are awaited
   * after the key is released; null when the cache has no listeners.
   */
  EventBatch newBatch() {
    return events.hasListeners() ? EventBatch.open() : null;
  }

  /** Waits for the synchronous listeners of {@code batch}, if there is one. */
  static void await(EventBatch batch) {
    if (batch != null) {
      batch.await();
    }
  }
}
