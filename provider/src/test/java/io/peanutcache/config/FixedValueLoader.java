package io.peanutcache.config;

import java.util.HashMap;
import java.util.Map;
import javax.cache.integration.CacheLoader;

/** A loader a settings file can name: it loads every key as {@code "loaded " + key}. */
public class FixedValueLoader implements CacheLoader<Object, Object> {

  @Override
  public Object load(Object key) {
    return "loaded " + key;
  }

  @Override
  public Map<Object, Object> loadAll(Iterable<?> keys) {
    Map<Object, Object> loaded = new HashMap<>();
    keys.forEach(key -> loaded.put(key, load(key)));
    return loaded;
  }
}
