package io.peanutcache.cluster.loading;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.integration.CacheLoader;
import javax.cache.integration.CacheLoaderException;

/**
 * A loader that behaves like a slow database query, steered by the key: {@code slow-<ms>-<id>}
 * takes that many milliseconds and returns {@code "row <key>"}; {@code fail-<ms>-<id>} takes that
 * long and then throws. It counts its loads per key in this JVM, so nodes of one JVM share the count.
 */
public final class DatabaseLikeLoader implements CacheLoader<String, String> {

  private static final Map<String, AtomicInteger> LOADS = new ConcurrentHashMap<>();

  /**
   * How many times a key was loaded in this JVM.
   *
   * @param key the key
   * @return the number of loads
   */
  public static int loadsOf(String key) {
    AtomicInteger loads = LOADS.get(key);
    return loads == null ? 0 : loads.get();
  }

  /** The value this loader returns for a {@code slow-} key. */
  public static String rowOf(String key) {
    return "row " + key;
  }

  /** The message of what this loader throws for a {@code fail-} key. */
  public static String failureOf(String key) {
    return "the database refused the query for " + key;
  }

  @Override
  public String load(String key) {
    LOADS.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
    String[] parts = key.split("-", 3);
    try {
      Thread.sleep(Long.parseLong(parts[1]));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (parts[0].equals("fail")) {
      throw new CacheLoaderException(failureOf(key));
    }
    return rowOf(key);
  }

  @Override
  public Map<String, String> loadAll(Iterable<? extends String> keys) {
    Map<String, String> rows = new HashMap<>();
    for (String key : keys) {
      rows.put(key, load(key));
    }
    return rows;
  }
}
