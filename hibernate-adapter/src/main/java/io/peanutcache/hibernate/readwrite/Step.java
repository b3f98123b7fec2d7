package io.peanutcache.hibernate.readwrite;

import java.io.Serializable;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.MutableEntry;

/**
 * One step of the read-write strategy: an entry processor that reads what the region holds for a
 * key and writes what replaces it, run atomically on the key's owner.
 *
 * @param <T> what the step tells its caller
 */
abstract class Step<T> implements EntryProcessor<Object, Object, T>, Serializable {

  private static final long serialVersionUID = 1L;

  @Override
  public final T process(MutableEntry<Object, Object> entry, Object... arguments) {
    return apply(entry, entry.getValue() instanceof Lockable lockable ? lockable : null);
  }

  /**
   * Runs the step.
   *
   * @param entry the key's entry, to write to
   * @param current what the region holds, or null for nothing (or a value this strategy did not
   *     write, which it treats as nothing)
   * @return what the caller learns
   */
  abstract T apply(MutableEntry<Object, Object> entry, Lockable current);
}
