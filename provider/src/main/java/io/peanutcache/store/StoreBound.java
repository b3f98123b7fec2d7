package io.peanutcache.store;

/**
 * How a store is bounded: not at all, by entry count, or by bytes.
 *
 * @param maximumEntries the entry bound, or -1
 * @param maximumBytes the byte bound, or -1
 * @param weigher how entries are weighed for a byte bound; null otherwise
 */
public record StoreBound(long maximumEntries, long maximumBytes, EntryWeigher weigher) {

  /** A store without a bound. */
  public static final StoreBound UNBOUNDED = new StoreBound(-1, -1, null);

  /**
   * A bound on the number of entries.
   *
   * @param maximum the largest number of entries, at least 1
   * @return the bound
   */
  public static StoreBound entries(long maximum) {
    return new StoreBound(maximum, -1, null);
  }

  /**
   * A bound on the bytes the entries occupy.
   *
   * @param maximum the largest total weight, at least 1
   * @param weigher how an entry is weighed
   * @return the bound
   */
  public static StoreBound bytes(long maximum, EntryWeigher weigher) {
    return new StoreBound(-1, maximum, weigher);
  }
}
