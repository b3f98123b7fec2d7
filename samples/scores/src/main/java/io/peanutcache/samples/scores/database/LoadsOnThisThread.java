package io.peanutcache.samples.scores.database;

/**
 * Counts the loads {@link DatabaseScoreLoader} ran on the current thread.
 *
 * <p>PeanutCache runs a read-through load on the thread of the caller that missed first (the
 * leader of the single flight); callers that miss while that load is in flight wait for its result
 * without running the loader. Comparing the count before and after a {@code get} therefore tells
 * whether this very call went to the database, whatever other threads are doing.
 */
public final class LoadsOnThisThread {

  /** One counter per thread, so that no thread sees another's loads. */
  private static final ThreadLocal<long[]> LOADS = ThreadLocal.withInitial(() -> new long[1]);

  private LoadsOnThisThread() {}

  /**
   * How many loads the loader has run on the current thread.
   *
   * @return the number of loads, 0 for a thread that never loaded
   */
  public static long count() {
    return LOADS.get()[0];
  }

  static void record() {
    LOADS.get()[0]++;
  }
}
