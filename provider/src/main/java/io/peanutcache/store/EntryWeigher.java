package io.peanutcache.store;

/** Estimates how many bytes an entry occupies, for stores bounded by bytes. */
@FunctionalInterface
public interface EntryWeigher {

  /**
   * The size of an entry in bytes, at least 0.
   *
   * @param key the entry's key
   * @param entry the entry
   * @return its weight
   */
  int weigh(Object key, StoredEntry entry);
}
