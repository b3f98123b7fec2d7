package io.peanutcache.cluster.transport;

import java.io.Serializable;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.MutableEntry;
import org.example.hostile.TripwireException;

/** An entry processor the allow-list lets through, which throws an exception it does not. */
final class ThrowingProcessor implements EntryProcessor<String, String, String>, Serializable {

  private static final long serialVersionUID = 1L;

  @Override
  public String process(MutableEntry<String, String> entry, Object... arguments) {
    throw new TripwireException("thrown by the processor");
  }
}
