package io.peanutcache.cluster.loading;

import java.io.Serializable;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.MutableEntry;

/** An entry processor that reads the entry's value, loading it on a read-through cache. */
final class ReadProcessor implements EntryProcessor<String, String, String>, Serializable {

  private static final long serialVersionUID = 1L;

  @Override
  public String process(MutableEntry<String, String> entry, Object... arguments) {
    return entry.getValue();
  }
}
