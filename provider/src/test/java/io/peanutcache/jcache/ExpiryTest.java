package io.peanutcache.jcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.peanutcache.testing.FakeTime;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.CacheEntryExpiredListener;
import javax.cache.expiry.AccessedExpiryPolicy;
import javax.cache.expiry.CreatedExpiryPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ExpiryTest {

  private final FakeTime time = new FakeTime();
  private final CacheManager manager = Caches.manager(time);
  private final List<String> expired = new CopyOnWriteArrayList<>();

  @AfterEach
  void close() {
    manager.close();
  }

  /** Records the keys of expired events. */
  final class ExpiredKeys implements CacheEntryExpiredListener<String, String> {
    @Override
    public void onExpired(Iterable<CacheEntryEvent<? extends String, ? extends String>> events) {
      events.forEach(event -> expired.add(event.getKey() + "=" + event.getOldValue()));
    }
  }

  private Cache<String, String> cache(MutableConfiguration<String, String> configuration) {
    configuration.setTypes(String.class, String.class);
    configuration.addCacheEntryListenerConfiguration(new MutableCacheEntryListenerConfiguration<>(
        new FactoryBuilder.SingletonFactory<>(new ExpiredKeys()), null, true, true));
    return manager.createCache("expiring", configuration);
  }

  private static javax.cache.expiry.Duration seconds(long seconds) {
    return new javax.cache.expiry.Duration(TimeUnit.SECONDS, seconds);
  }

  @Test
  void anEntryIsReadableUntilItsCreationExpiryThenGone() {
    Cache<String, String> cache = cache(new MutableConfiguration<String, String>()
        .setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(seconds(10))));
    cache.put("Tom", "630");

    time.advance(Duration.ofSeconds(9));
    assertEquals("630", cache.get("Tom"));

    time.advance(Duration.ofSeconds(2));
    assertNull(cache.get("Tom"));
    assertFalse(cache.containsKey("Tom"));
    assertEquals(List.of("Tom=630"), expired);
  }

  @Test
  void anExpiredEntryIsRemovedFromMemoryWithoutBeingRead() {
    Cache<String, String> cache = cache(new MutableConfiguration<String, String>()
        .setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(seconds(10))));
    cache.put("Tom", "630");
    cache.put("Jack", "589");
    PeanutCache<?, ?> peanut = cache.unwrap(PeanutCache.class);

    time.advance(Duration.ofSeconds(11));
    peanut.engine().store().cleanUp();

    assertEquals(0, peanut.engine().store().size(), "expired entries stay in memory");
    waitFor(() -> expired.size() == 2);
    assertTrue(expired.containsAll(List.of("Tom=630", "Jack=589")), expired.toString());
  }

  @Test
  void readingAnEntryExtendsAnAccessExpiry() {
    Cache<String, String> cache = cache(new MutableConfiguration<String, String>()
        .setExpiryPolicyFactory(AccessedExpiryPolicy.factoryOf(seconds(10))));
    cache.put("Tom", "630");

    for (int i = 0; i < 5; i++) {
      time.advance(Duration.ofSeconds(8));
      assertEquals("630", cache.get("Tom"), "read " + i + " finds the entry");
    }

    time.advance(Duration.ofSeconds(11));
    assertNull(cache.get("Tom"));
  }

  @Test
  void anEternalEntryOutlivesAnyTime() {
    Cache<String, String> cache = cache(new MutableConfiguration<>());
    cache.put("Tom", "630");
    time.advance(Duration.ofDays(365 * 100));
    assertEquals("630", cache.get("Tom"));
  }

  private static void waitFor(java.util.function.BooleanSupplier condition) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
  }
}
