package io.peanutcache.management;

/**
 * Where an operation counts what it did: the statistics of the cache handle it came through, or
 * counts that travel back to the node whose handle it was.
 */
public interface StatisticsRecorder {

  /** Counts {@code count} reads that found a value. */
  void recordHits(long count);

  /** Counts {@code count} reads that found no value. */
  void recordMisses(long count);

  /** Counts {@code count} values stored. */
  void recordPuts(long count);

  /** Counts {@code count} entries removed by the application. */
  void recordRemovals(long count);
}
