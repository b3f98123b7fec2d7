package io.peanutcache.store;

/**
 * Told when the store removes an entry because its time ran out. Not told about entries evicted to
 * respect a bound: eviction is not expiry.
 */
@FunctionalInterface
public interface ExpiredEntryListener {

  /** A listener that ignores every expiry. */
  ExpiredEntryListener NONE = (key, entry) -> {};

  /**
   * Called after the store removed an expired entry. Runs on the thread that performed the
   * removal; it must not block nor call back into the store for the same key.
   *
   * @param key the key of the removed entry
   * @param entry the removed entry
   */
  void expired(Object key, StoredEntry entry);
}
