package io.peanutcache.hibernate.nonstrict;

import java.io.Serial;
import java.io.Serializable;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.MutableEntry;

/**
 * Replaces what is cached for a key by the marker of its eviction, on the key's owner. The marker
 * is always new (a node that missed the key before it must see that an eviction came since), and
 * keeps the latest timestamp of the two when a marker is there already (an eviction from a node
 * whose clock reads earlier must not move the time back).
 */
final class Evict implements EntryProcessor<Object, Object, Void>, Serializable {

  @Serial
  private static final long serialVersionUID = 1L;

  private final Evicted marker;

  Evict(Evicted marker) {
    this.marker = marker;
  }

  @Override
  public Void process(MutableEntry<Object, Object> entry, Object... arguments) {
    entry.setValue(entry.getValue() instanceof Evicted held && held.timestamp() > marker.timestamp()
        ? new Evicted(held.timestamp(), marker.id()) : marker);
    return null;
  }
}
