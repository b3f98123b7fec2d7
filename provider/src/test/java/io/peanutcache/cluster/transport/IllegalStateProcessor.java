package io.peanutcache.cluster.transport;

import java.io.Serializable;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.MutableEntry;

/**
 * An entry processor that runs on the owner, being serializable, and throws an exception of a
 * class the allow-list lets through, so its cause crosses the network and is decoded there.
 */
final class IllegalStateProcessor implements EntryProcessor<String, String, String>, Serializable {

  private static final long serialVersionUID = 1L;

  @Override
  public String process(MutableEntry<String, String> entry, Object... arguments) {
    throw new IllegalStateException("allowed");
  }
}
