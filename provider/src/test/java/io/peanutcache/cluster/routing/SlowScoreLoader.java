package io.peanutcache.cluster.routing;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import javax.cache.integration.CacheLoader;

/**
 * A loader that counts its loads and, while a test holds it, waits until the test says every
 * caller has joined the load. Made by class name on every node, so the count is shared in the JVM.
 */
public final class SlowScoreLoader implements CacheLoader<String, String> {

  static final AtomicInteger LOADS = new AtomicInteger();
  static volatile BooleanSupplier holdUntil = () -> true;

  @Override
  public String load(String key) {
    LOADS.incrementAndGet();
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (!holdUntil.getAsBoolean() && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    return "score of " + key;
  }

  @Override
  public Map<String, String> loadAll(Iterable<? extends String> keys) {
    Map<String, String> values = new HashMap<>();
    for (String key : keys) {
      LOADS.incrementAndGet();
      values.put(key, "score of " + key);
    }
    return values;
  }
}
