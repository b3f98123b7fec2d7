package io.peanutcache.benchmarks;

import java.util.SplittableRandom;

/**
 * One caller's walk over a benchmark's keys, the key cursor of every benchmark: the keys shuffled
 * once with a seed that differs per caller but not per run, then visited in that order and started
 * again at the end, so that every caller reads every key equally often without a pattern the CPU's
 * caches could learn. Only its caller uses it, so there is no shared counter to contend on.
 *
 * <p>Each benchmark's {@code @State(Scope.Thread)} cursor makes one in its trial setup, since JMH
 * gives a setup method only the states it names, and holds it in a field: a cursor that extended
 * this class instead measured a third to a half fewer single-thread local gets, the same cache
 * under the same keys.
 *
 * @param <K> the type of the keys (made beforehand, so the walk allocates nothing)
 */
public final class KeyWalk<K> {

  /** The seed of the first caller's shuffle: caller {@code i} shuffles with {@code SEED + i}. */
  static final long SEED = 0x5EED_0000L;

  private final K[] order;
  private int position;

  /**
   * A caller's walk over {@code keys}.
   *
   * @param keys the keys; not changed
   * @param seed the seed of the shuffle
   */
  public KeyWalk(K[] keys, long seed) {
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
  public K next() {
    int p = position;
    position = p + 1 == order.length ? 0 : p + 1;
    return order[p];
  }
}
