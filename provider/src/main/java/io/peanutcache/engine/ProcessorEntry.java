package io.peanutcache.engine;

import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.cache.processor.MutableEntry;

/**
 * The {@link MutableEntry} an entry processor works on. It records what the processor did, and
 * the engine applies that one outcome after the processor returns: nothing, an access, a value
 * loaded through read-through, a create, an update or a remove.
 *
 * @param <K> the type of keys
 * @param <V> the type of values
 */
public final class ProcessorEntry<K, V> implements MutableEntry<K, V> {

  /** What the processor did to the entry, as far as the cache is concerned. */
  public enum Outcome {
    /** Nothing the cache needs to know. */
    NONE,
    /** Read the existing value: the access expiry applies. */
    ACCESS,
    /** Loaded a missing value through read-through: stored, not written through. */
    LOAD,
    /** Set a value on a missing entry. */
    CREATE,
    /** Set a value on an existing entry. */
    UPDATE,
    /** Removed the entry. */
    REMOVE
  }

  private final K key;
  private final boolean existed;
  /** Loads a value the processor reads on a missing entry; null without read-through. */
  private final Function<K, V> readThrough;
  private final Supplier<V> existing;
  private V value;
  private boolean valueKnown;
  private Outcome outcome = Outcome.NONE;

  /**
   * An entry for a processor.
   *
   * @param key the key
   * @param existing supplies the live value when first read, or null if the key has no live entry
   * @param readThrough loads a value the processor reads on a missing entry; null without
   *     read-through
   */
  ProcessorEntry(K key, Supplier<V> existing, Function<K, V> readThrough) {
    this.key = key;
    this.existing = existing;
    this.existed = existing != null;
    this.readThrough = readThrough;
  }

  /**
   * What the processor did.
   *
   * @return the outcome
   */
  public Outcome outcome() {
    return outcome;
  }

  /**
   * Whether the key had a live entry when the processor started.
   *
   * @return true if it had
   */
  public boolean existed() {
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
      value = existed ? existing.get() : null;
    }
    if (value != null) {
      if (outcome == Outcome.NONE) {
        outcome = Outcome.ACCESS;
      }
      return value;
    }
    if (outcome == Outcome.NONE && readThrough != null) {
      value = readThrough.apply(key);
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

  /**
   * The value the processor set or loaded.
   *
   * @return the value, or null
   */
  public V value() {
    return value;
  }
}
