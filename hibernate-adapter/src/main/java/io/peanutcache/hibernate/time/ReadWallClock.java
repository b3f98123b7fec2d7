package io.peanutcache.hibernate.time;

import java.io.Serial;
import java.io.Serializable;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.MutableEntry;

/** Tells the wall clock of the node that runs it: the key's owner. Writes nothing. */
final class ReadWallClock implements EntryProcessor<Object, Object, Long>, Serializable {

  @Serial
  private static final long serialVersionUID = 1L;

  @Override
  public Long process(MutableEntry<Object, Object> entry, Object... arguments) {
    return WallClock.millis();
  }
}
