package io.peanutcache.cluster.transport;

import java.io.Serializable;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.MutableEntry;

/** Appends its arguments to the entry's value: an entry processor the allow-list lets through. */
final class AppendingProcessor implements EntryProcessor<String, String, String>, Serializable {

  private static final long serialVersionUID = 1L;

  @Override
  public String process(MutableEntry<String, String> entry, Object... arguments) {
    StringBuilder value = new StringBuilder(entry.exists() ? entry.getValue() : "");
    for (Object argument : arguments) {
      value.append(argument);
    }
    entry.setValue(value.toString());
    return value.toString();
  }
}
