package io.peanutcache.benchmarks;

import java.util.SplittableRandom;

/**
 * One caller's walk over a set of keys: the keys shuffled once with a seed that differs per caller
 * but not per run, then visited in that order and started again at the end, so that every caller
 * reads every key equally often without a pattern the CPU's caches could learn.
 *
 * @param <K> the type of the keys (made beforehand, so the walk allocates nothing)
 */
final class KeyWalk<K> {

  private final K[] order;
  private int position;

  /**
   * A walk over {@code keys}.
   *
   * @param keys the keys; not changed
   * @param seed the seed of the shuffle
   */
  KeyWalk(K[] keys, long seed) {
    order = keys.clone();
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = order.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      K swap = order[i];
      order[i] = order[j];
      order[j] = swap;
    }
  }

  /** The next key of the walk. */
  K next() {
    int p = position;
    position = p + 1 == order.length ? 0 : p + 1;
    return order[p];
  }
}
