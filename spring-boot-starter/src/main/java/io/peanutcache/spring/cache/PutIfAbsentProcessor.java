package io.peanutcache.spring.cache;

import javax.cache.processor.EntryProcessor;
import javax.cache.processor.MutableEntry;

/**
 * Stores its argument when the entry has no value and returns the value it had: Spring's
 * {@code putIfAbsent}, which must tell the value that was there. It is {@link java.io.Serializable}
 * (an enum), so PeanutCache sends it to the key's owner and runs it there atomically, in one round
 * trip.
 */
enum PutIfAbsentProcessor implements EntryProcessor<Object, Object, Object> {

  /** The one processor; the value to store is its argument. */
  INSTANCE;

  /**
   * @param arguments the stored value to put, as the first argument
   * @return the entry's stored value before, or null when it had none and now holds the argument
   */
  @Override
  public Object process(MutableEntry<Object, Object> entry, Object... arguments) {
    if (entry.exists()) {
      return entry.getValue();
    }
    entry.setValue(arguments[0]);
    return null;
  }
}
