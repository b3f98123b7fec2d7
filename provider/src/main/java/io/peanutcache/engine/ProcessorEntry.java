package io.peanutcache.engine;

import java.util.Objects;
import javax.cache.integration.CacheLoader;
import javax.cache.processor.MutableEntry;

/**
 * The {@link MutableEntry} an entry processor works on. It records what the processor did, and
 * the engine applies that one outcome after the processor returns: nothing, an access, a value
 * loaded through read-through, a create, an update or a remove.
 *
 * @param <K> the type of keys
 * @param <V> the type of values
 */
final class ProcessorEntry<K, V> implements MutableEntry<K, V> {

  /** What the processor did to the entry, as far as the cache is concerned. */
  enum Outcome { NONE, ACCESS, LOAD, CREATE, UPDATE, REMOVE }

  private final K key;
  private final boolean existed;
  private final CacheEngine<K, V> engine;
  private final Object stored;
  private V value;
  private boolean valueKnown;
  private Outcome outcome = Outcome.NONE;

  /**
   * @param key the key
   * @param stored the stored form of the live value, or null if the key has no live entry
   * @param engine reads stored values and, with read-through, loads missing ones
   */
  ProcessorEntry(K key, Object stored, CacheEngine<K, V> engine) {
    this.key = key;
    this.stored = stored;
    this.existed = stored != null;
    this.engine = engine;
  }

  Outcome outcome() {
    return outcome;
  }

  boolean existed() {
    return existed;
  }

  @Override
  public K getKey() {
    return key;
  }

  @Override
  @SuppressWarnings("unchecked")
  public V getValue() {
    if (!valueKnown && outcome == Outcome.NONE) {
      valueKnown = true;
      value = existed ? (V) engine.storage.read(stored) : null;
    }
    if (value != null) {
      if (outcome == Outcome.NONE) {
        outcome = Outcome.ACCESS;
      }
      return value;
    }
    if (outcome == Outcome.NONE && engine.readThrough) {
      value = engine.callLoader(key);
      if (value != null) {
        outcome = Outcome.LOAD;
      }
    }
    return value;
  }

  @Override
  public boolean exists() {
    return outcome == Outcome.NONE || outcome == Outcome.ACCESS ? existed : value != null;
  }

  @Override
  public void remove() {
    // removing what this processor created or loaded leaves the entry as it was: absent
    boolean undoesCreation = outcome == Outcome.CREATE || outcome == Outcome.LOAD;
    outcome = undoesCreation && !existed ? Outcome.NONE : Outcome.REMOVE;
    value = null;
    valueKnown = true;
  }

  @Override
  public void setValue(V newValue) {
    Objects.requireNonNull(newValue, "an entry processor cannot set a null value; use remove()");
    outcome = existed ? Outcome.UPDATE : Outcome.CREATE;
    value = newValue;
    valueKnown = true;
  }

  @Override
  public <T> T unwrap(Class<T> type) {
    if (type.isInstance(this)) {
      return type.cast(this);
    }
    throw new IllegalArgumentException("a mutable entry cannot be unwrapped to " + type.getName()
        + "; allowed: " + ProcessorEntry.class.getName() + " or a type it implements");
  }

  V value() {
    return value;
  }
}
