package io.peanutcache.management;

import java.util.concurrent.atomic.LongAdder;
import javax.cache.management.CacheStatisticsMXBean;

/**
 * The statistics of one cache handle, as JSR-107's {@link CacheStatisticsMXBean} describes them.
 * Counting is cheap and contention-free; callers check {@link #isEnabled()} before timing an
 * operation. Averages are in microseconds.
 */
public final class CacheStatistics implements CacheStatisticsMXBean, StatisticsRecorder {

  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();
  private final LongAdder puts = new LongAdder();
  private final LongAdder removals = new LongAdder();
  private final LongAdder evictions = new LongAdder();
  private final LongAdder getTimeNanos = new LongAdder();
  private final LongAdder putTimeNanos = new LongAdder();
  private final LongAdder removeTimeNanos = new LongAdder();

  private volatile boolean enabled;

  /**
   * Whether operations are counted.
   *
   * @return true if statistics are enabled
   */
  public boolean isEnabled() {
    return enabled;
  }

  /**
   * Turns counting on or off; the counts so far are kept.
   *
   * @param enabled whether to count
   */
  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  /** Counts {@code count} reads that found a value. */
  @Override
  public void recordHits(long count) {
    if (enabled) {
      hits.add(count);
    }
  }

  /** Counts {@code count} reads that found no value. */
  @Override
  public void recordMisses(long count) {
    if (enabled) {
      misses.add(count);
    }
  }

  /** Counts {@code count} values stored. */
  @Override
  public void recordPuts(long count) {
    if (enabled) {
      puts.add(count);
    }
  }

  /** Counts {@code count} entries removed by the application. */
  @Override
  public void recordRemovals(long count) {
    if (enabled) {
      removals.add(count);
    }
  }

  /** Counts {@code count} entries evicted to respect a bound. */
  public void recordEvictions(long count) {
    if (enabled) {
      evictions.add(count);
    }
  }

  /** Adds the time one read took. */
  public void recordGetTime(long nanos) {
    if (enabled) {
      getTimeNanos.add(nanos);
    }
  }

  /** Adds the time one write took. */
  public void recordPutTime(long nanos) {
    if (enabled) {
      putTimeNanos.add(nanos);
    }
  }

  /** Adds the time one removal took. */
  public void recordRemoveTime(long nanos) {
    if (enabled) {
      removeTimeNanos.add(nanos);
    }
  }

  @Override
  public void clear() {
    hits.reset();
    misses.reset();
    puts.reset();
    removals.reset();
    evictions.reset();
    getTimeNanos.reset();
    putTimeNanos.reset();
    removeTimeNanos.reset();
  }

  @Override
  public long getCacheHits() {
    return hits.sum();
  }

  @Override
  public float getCacheHitPercentage() {
    long gets = getCacheGets();
    return gets == 0 ? 0f : (float) getCacheHits() / gets * 100f;
  }

  @Override
  public long getCacheMisses() {
    return misses.sum();
  }

  @Override
  public float getCacheMissPercentage() {
    long gets = getCacheGets();
    return gets == 0 ? 0f : (float) getCacheMisses() / gets * 100f;
  }

  @Override
  public long getCacheGets() {
    return getCacheHits() + getCacheMisses();
  }

  @Override
  public long getCachePuts() {
    return puts.sum();
  }

  @Override
  public long getCacheRemovals() {
    return removals.sum();
  }

  @Override
  public long getCacheEvictions() {
    return evictions.sum();
  }

  @Override
  public float getAverageGetTime() {
    return averageMicros(getTimeNanos.sum(), getCacheGets());
  }

  @Override
  public float getAveragePutTime() {
    return averageMicros(putTimeNanos.sum(), getCachePuts());
  }

  @Override
  public float getAverageRemoveTime() {
    return averageMicros(removeTimeNanos.sum(), getCacheRemovals());
  }

  private static float averageMicros(long totalNanos, long count) {
    return count == 0 ? 0f : (totalNanos / 1_000f) / count;
  }
}
