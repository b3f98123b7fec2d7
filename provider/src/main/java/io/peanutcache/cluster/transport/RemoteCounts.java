package io.peanutcache.cluster.transport;

import io.peanutcache.cluster.transport.proto.Counts;
import io.peanutcache.management.StatisticsRecorder;

/**
 * Counts an operation makes on the owner for a peer's request, sent back in the reply so the
 * caller records them in the statistics of its own cache handle. One per request; not shared.
 */
final class RemoteCounts implements StatisticsRecorder {

  private long hits;
  private long misses;
  private long puts;
  private long removals;

  @Override
  public void recordHits(long count) {
    hits += count;
  }

  @Override
  public void recordMisses(long count) {
    misses += count;
  }

  @Override
  public void recordPuts(long count) {
    puts += count;
  }

  @Override
  public void recordRemovals(long count) {
    removals += count;
  }

  Counts toProto() {
    return Counts.newBuilder().setHits(hits).setMisses(misses).setPuts(puts).setRemovals(removals).build();
  }

  /** Records counts that came back from an owner. */
  static void record(Counts counts, StatisticsRecorder stats) {
    if (counts.getHits() != 0) {
      stats.recordHits(counts.getHits());
    }
    if (counts.getMisses() != 0) {
      stats.recordMisses(counts.getMisses());
    }
    if (counts.getPuts() != 0) {
      stats.recordPuts(counts.getPuts());
    }
    if (counts.getRemovals() != 0) {
      stats.recordRemovals(counts.getRemovals());
    }
  }
}
