package io.peanutcache.benchmarks;

import java.util.SplittableRandom;

/**
 * One caller's walk over a set of entity ids, as {@link KeyWalk} walks over keys: the ids shuffled
 * once with a seed that differs per caller but not per run, then visited in that order and
 * started again at the end.
 */
final class IdWalk {

  private final long[] order;
  private int position;

  /**
   * A walk over {@code ids}.
   *
   * @param ids the ids; not changed
   * @param seed the seed of the shuffle
   */
  IdWalk(long[] ids, long seed) {
    order = ids.clone();
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = order.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      long swap = order[i];
      order[i] = order[j];
      order[j] = swap;
    }
  }

  /** The next id of the walk. */
  long next() {
    int p = position;
    position = p + 1 == order.length ? 0 : p + 1;
    return order[p];
  }
}
