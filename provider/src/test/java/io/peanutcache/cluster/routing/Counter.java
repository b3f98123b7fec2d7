package io.peanutcache.cluster.routing;

import java.io.Serializable;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.MutableEntry;

/** Adds one to a counter entry, creating it at 1: runs on the entry's owner. */
final class Counter implements EntryProcessor<String, Long, Long>, Serializable {

  private static final long serialVersionUID = 1L;

  @Override
  public Long process(MutableEntry<String, Long> entry, Object... arguments) {
    long next = entry.exists() ? entry.getValue() + 1 : 1;
    entry.setValue(next);
    return next;
  }
}
