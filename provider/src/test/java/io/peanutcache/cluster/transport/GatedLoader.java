package io.peanutcache.cluster.transport;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.integration.CacheLoader;

/**
 * A loader as slow as a test wants: each load waits until the test opens the gate (at most five
 * minutes), and counts itself. Made by class name on every node, so the gate is shared in the JVM.
 */
public final class GatedLoader implements CacheLoader<String, String> {

  static final AtomicInteger LOADS = new AtomicInteger();
  static volatile CountDownLatch gate = new CountDownLatch(0);

  /** Closes the gate and forgets the loads counted so far. */
  static void close() {
    LOADS.set(0);
    gate = new CountDownLatch(1);
  }

  /** Lets every load waiting and to come through. */
  static void open() {
    gate.countDown();
  }

  @Override
  public String load(String key) {
    LOADS.incrementAndGet();
    try {
      gate.await(5, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return "loaded " + key;
  }

  @Override
  public java.util.Map<String, String> loadAll(Iterable<? extends String> keys) {
    java.util.Map<String, String> values = new java.util.HashMap<>();
    for (String key : keys) {
      values.put(key, load(key));
    }
    return values;
  }
}
