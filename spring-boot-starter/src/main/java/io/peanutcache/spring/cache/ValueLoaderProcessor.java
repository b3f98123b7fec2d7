package io.peanutcache.spring.cache;

import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.MutableEntry;
import org.springframework.cache.Cache;

/**
 * Returns the entry's value, or calls the value loader and stores what it returns when there is
 * none: what {@code @Cacheable(sync = true)} asks of {@link Cache#get(Object, Callable)}.
 *
 * <p>It is deliberately not {@link java.io.Serializable}: PeanutCache runs such a processor on the
 * calling node under the key's lease, which the key's owner grants to one caller at a time across
 * the cluster, so the loader runs once however many nodes and threads miss the key together. A
 * loader's exception is thrown as a {@link Cache.ValueRetrievalException}; nothing is stored then.
 *
 * @param <T> the type of the loader's value
 */
final class ValueLoaderProcessor<T> implements EntryProcessor<Object, Object, Object> {

  private final Callable<T> valueLoader;
  private final UnaryOperator<Object> toStoreValue;

  /**
   * @param valueLoader what makes the value on a miss
   * @param toStoreValue turns the loader's value into what the cache stores (null into a marker)
   */
  ValueLoaderProcessor(Callable<T> valueLoader, UnaryOperator<Object> toStoreValue) {
    this.valueLoader = valueLoader;
    this.toStoreValue = toStoreValue;
  }

  /**
   * @return the stored value: the entry's, or the one just loaded
   * @throws Cache.ValueRetrievalException if the loader throws
   */
  @Override
  public Object process(MutableEntry<Object, Object> entry, Object... arguments) {
    if (entry.exists()) {
      return entry.getValue();
    }
    T value;
    try {
      value = valueLoader.call();
    } catch (Exception failure) {
      throw new Cache.ValueRetrievalException(entry.getKey(), valueLoader, failure);
    }
    Object stored = toStoreValue.apply(value);
    entry.setValue(stored);
    return stored;
  }
}
