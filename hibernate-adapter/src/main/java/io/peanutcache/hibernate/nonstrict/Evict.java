package io.peanutcache.hibernate.nonstrict;

import java.io.Serial;
import java.io.Serializable;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.MutableEntry;

/** Replaces what is cached for a key by the marker of its eviction, on the key's owner. */
final class Evict implements EntryProcessor<Object, Object, Void>, Serializable {

  @Serial
  private static final long serialVersionUID = 1L;

  private final Evicted marker;

  Evict(Evicted marker) {
    this.marker = marker;
  }

  @Override
  public Void process(MutableEntry<Object, Object> entry, Object... arguments) {
    if (!(entry.getValue() instanceof Evicted held) || held.timestamp() < marker.timestamp()) {
      entry.setValue(marker);
    }
    return null;
  }
}
