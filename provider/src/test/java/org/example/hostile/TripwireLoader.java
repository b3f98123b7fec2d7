package org.example.hostile;

import java.io.Serializable;
import java.util.Map;
import javax.cache.integration.CacheLoader;

/** A loader that records when its class is initialised and when it is constructed. */
public final class TripwireLoader implements CacheLoader<Object, Object>, Serializable {

  private static final long serialVersionUID = 1L;

  static {
    Tripwire.RAN.add("TripwireLoader.<clinit>");
  }

  /** A loader; constructing one is recorded. */
  public TripwireLoader() {
    Tripwire.RAN.add("TripwireLoader.<init>");
  }

  @Override
  public Object load(Object key) {
    Tripwire.RAN.add("TripwireLoader.load");
    return "loaded";
  }

  @Override
  public Map<Object, Object> loadAll(Iterable<?> keys) {
    Tripwire.RAN.add("TripwireLoader.loadAll");
    return Map.of();
  }
}
