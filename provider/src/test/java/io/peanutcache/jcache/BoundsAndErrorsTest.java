package io.peanutcache.jcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.peanutcache.CodecException;
import io.peanutcache.PeanutConfiguration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.CacheEntryExpiredListener;
import javax.cache.event.CacheEntryRemovedListener;
import javax.cache.event.EventType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BoundsAndErrorsTest {

  private final CacheManager manager = Caches.manager();

  @AfterEach
  void close() {
    manager.close();
  }

  /** Records the type of every event it hears. */
  static final class EventTypes implements CacheEntryCreatedListener<Object, Object>,
      CacheEntryRemovedListener<Object, Object>, CacheEntryExpiredListener<Object, Object> {
    final List<EventType> seen = new CopyOnWriteArrayList<>();

    private void record(Iterable<CacheEntryEvent<?, ?>> events) {
      events.forEach(event -> seen.add(event.getEventType()));
    }

    @Override
    public void onCreated(Iterable<CacheEntryEvent<?, ?>> events) {
      record(events);
    }

    @Override
    public void onRemoved(Iterable<CacheEntryEvent<?, ?>> events) {
      record(events);
    }

    @Override
    public void onExpired(Iterable<CacheEntryEvent<?, ?>> events) {
      record(events);
    }
  }

  @Test
  void anEntryBoundEvictsWithoutEvents() {
    EventTypes listener = new EventTypes();
    PeanutConfiguration<Object, Object> configuration = new PeanutConfiguration<>().setMaximumEntries(100);
    configuration.setStatisticsEnabled(true);
    configuration.addCacheEntryListenerConfiguration(new MutableCacheEntryListenerConfiguration<>(
        new FactoryBuilder.SingletonFactory<>(listener), null, false, true));
    Cache<Object, Object> cache = manager.createCache("bounded", configuration);

    for (int i = 0; i < 1_000; i++) {
      cache.put(i, "value-" + i);
    }
    PeanutCache<?, ?> peanut = cache.unwrap(PeanutCache.class);
    peanut.engine().store().cleanUp();

    assertTrue(peanut.engine().store().size() <= 100, "size " + peanut.engine().store().size());
    assertEquals(1_000 - peanut.engine().store().size(), peanut.statistics().getCacheEvictions(),
        "the statistics count every eviction");
    assertEquals(1_000, listener.seen.size(), "one created event per put and nothing else: " + listener.seen.stream().distinct().toList());
    assertTrue(listener.seen.stream().allMatch(type -> type == EventType.CREATED));
  }

  @Test
  void aByteBoundKeepsTheEncodedSizeUnderTheBound() {
    Cache<String, byte[]> cache = manager.createCache("bytes",
        new PeanutConfiguration<String, byte[]>().setMaximumBytes(10_000).setTypes(String.class, byte[].class));
    for (int i = 0; i < 1_000; i++) {
      cache.put("key-" + i, new byte[100]);
    }
    PeanutCache<?, ?> peanut = cache.unwrap(PeanutCache.class);
    peanut.engine().store().cleanUp();

    long size = peanut.engine().store().size();
    assertTrue(size > 0 && size <= 100, "entries of more than 100 bytes under a 10,000-byte bound: " + size);
  }

  @Test
  void aByteBoundWithStoreByReferenceIsRefused() {
    PeanutConfiguration<String, String> configuration =
        new PeanutConfiguration<String, String>().setMaximumBytes(1_000);
    configuration.setStoreByValue(false);

    IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class,
        () -> manager.createCache("by-reference", configuration));
    assertTrue(thrown.getMessage().contains("maximumBytes=1000"), thrown.getMessage());
    assertTrue(thrown.getMessage().contains("allowed"), thrown.getMessage());
  }

  @Test
  void aBoundBelowOneIsRefusedWithTheValueAndWhatIsAllowed() {
    IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class,
        () -> new PeanutConfiguration<>().setMaximumEntries(0));
    assertEquals("maximumEntries is 0; allowed: a whole number of at least 1", thrown.getMessage());
  }

  @Test
  void twoBoundsAreRefused() {
    PeanutConfiguration<Object, Object> configuration = new PeanutConfiguration<>().setMaximumEntries(10);
    IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class,
        () -> configuration.setMaximumBytes(1_000));
    assertTrue(thrown.getMessage().contains("maximumEntries (10)"), thrown.getMessage());
  }

  /** A value that store-by-value cannot copy. */
  static final class Unserializable {
    @Override
    public String toString() {
      return "unserializable";
    }
  }

  @Test
  void aValueThatCannotBeEncodedIsRefusedAndTheCacheStaysAsItWas() {
    Cache<String, Object> cache = manager.createCache("by-value",
        new PeanutConfiguration<String, Object>().setTypes(String.class, Object.class));
    cache.put("Tom", "630");

    CodecException thrown = assertThrows(CodecException.class, () -> cache.put("Tom", new Unserializable()));
    assertTrue(thrown.getMessage().contains(Unserializable.class.getName()), thrown.getMessage());
    assertEquals("630", cache.get("Tom"));

    Map<String, Object> batch = new HashMap<>();
    batch.put("Jack", "589");
    batch.put("Sam", new Unserializable());
    assertThrows(CodecException.class, () -> cache.putAll(batch));
    assertTrue(!cache.containsKey("Jack") && !cache.containsKey("Sam"), "a refused putAll stores nothing");
  }

  @Test
  void storeByValueHandsOutCopies() {
    Cache<String, byte[]> cache = manager.createCache("copies",
        new PeanutConfiguration<String, byte[]>().setTypes(String.class, byte[].class));
    byte[] value = {1, 2, 3};
    cache.put("k", value);
    value[0] = 9;
    byte[] read = cache.get("k");
    assertEquals(1, read[0], "the cache keeps its own copy");
    read[1] = 9;
    assertEquals(2, cache.get("k")[1], "each read gets its own copy");
  }

  @Test
  void anUnknownCacheIsNull() {
    assertEquals(null, manager.getCache("no-such-cache"));
  }

  @Test
  @SuppressWarnings({"rawtypes", "unchecked"})
  void aWrongTypeIsRefusedWithBothTypes() {
    Cache cache = manager.createCache("typed",
        new PeanutConfiguration<String, Long>().setTypes(String.class, Long.class));
    ClassCastException thrown = assertThrows(ClassCastException.class, () -> cache.put("k", "not a long"));
    assertTrue(thrown.getMessage().contains("java.lang.Long") && thrown.getMessage().contains("java.lang.String"),
        thrown.getMessage());
  }
}
