package io.peanutcache.store;

/**
 * Hears of every change to a store's entries once the change is visible to readers: what a hot
 * cache's owner needs to tell the nodes that keep copies.
 *
 * <p>Called on the thread that made the change, after it; for an expiry or eviction the store
 * performs itself, during the removal. Must not block nor touch the store.
 */
public interface StoreChanges {

  /**
   * The entry of {@code key} was created, replaced (its value or its expiry time), removed,
   * expired or evicted.
   *
   * @param key the key, as the store holds it
   */
  void changed(Object key);

  /** Every entry was removed at once. */
  void cleared();
}
