package io.peanutcache.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.peanutcache.testing.FakeTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LocalStoreTest {

  private final FakeTime time = new FakeTime();
  private final List<Object> expiredKeys = new ArrayList<>();

  private static StoredEntry entry(String value, long expiresAt) {
    return StoredEntry.of(value, expiresAt);
  }

  @Test
  void removesExpiredEntriesFromMemoryAndReportsThem() {
    LocalStore store = new LocalStore(StoreBound.UNBOUNDED, time, true, (key, entry) -> expiredKeys.add(key), () -> { });
    long inTenSeconds = time.nanos() + Duration.ofSeconds(10).toNanos();
    store.compute("a", (k, current) -> entry("A", inTenSeconds));
    store.compute("b", (k, current) -> entry("B", StoredEntry.NEVER));

    time.advance(Duration.ofSeconds(11));
    store.cleanUp();

    assertEquals(List.of("a"), expiredKeys);
    assertEquals(1, store.size(), "only the eternal entry is left in memory");
    assertNotNull(store.get("b"));
  }

  @Test
  void keepsEntriesUntilTheirExpiryTime() {
    LocalStore store = new LocalStore(StoreBound.UNBOUNDED, time, true, (key, entry) -> expiredKeys.add(key), () -> { });
    long inTenSeconds = time.nanos() + Duration.ofSeconds(10).toNanos();
    store.compute("a", (k, current) -> entry("A", inTenSeconds));

    time.advance(Duration.ofSeconds(9));
    store.cleanUp();

    assertNotNull(store.get("a"));
    assertTrue(expiredKeys.isEmpty());
  }

  @Test
  void evictsBeyondTheEntryBoundWithoutReportingExpiry() {
    java.util.concurrent.atomic.AtomicInteger evicted = new java.util.concurrent.atomic.AtomicInteger();
    LocalStore store = new LocalStore(StoreBound.entries(10), time, true, (key, entry) -> expiredKeys.add(key),
        evicted::incrementAndGet);
    for (int i = 0; i < 100; i++) {
      String key = "k" + i;
      store.compute(key, (k, current) -> entry(key, StoredEntry.NEVER));
    }
    store.cleanUp();

    assertTrue(store.size() <= 10, "size " + store.size() + " exceeds the bound of 10");
    assertTrue(expiredKeys.isEmpty(), "eviction is not expiry: " + expiredKeys);
    assertEquals(100 - store.size(), evicted.get(), "every eviction is counted");
  }

  @Test
  void evictsBeyondTheByteBound() {
    EntryWeigher weigher = (key, entry) -> ((byte[]) entry.value()).length;
    LocalStore store = new LocalStore(StoreBound.bytes(1_000, weigher), time, true, ExpiredEntryListener.NONE, () -> { });
    for (int i = 0; i < 50; i++) {
      store.compute("k" + i, (k, current) -> StoredEntry.of(new byte[100], StoredEntry.NEVER));
    }
    store.cleanUp();

    assertTrue(store.size() <= 10, "100-byte entries under a 1000-byte bound: " + store.size());
  }

  @Test
  void computeThatThrowsLeavesTheEntryAsItWas() {
    LocalStore store = new LocalStore(StoreBound.UNBOUNDED, time, true, ExpiredEntryListener.NONE, () -> { });
    store.compute("a", (k, current) -> entry("A", StoredEntry.NEVER));

    try {
      store.compute("a", (k, current) -> {
        throw new IllegalStateException("refused");
      });
    } catch (IllegalStateException expected) {
      // the store must be unchanged
    }

    assertEquals("A", store.get("a").value());
  }

  @Test
  void computeReturningNullRemovesTheEntry() {
    LocalStore store = new LocalStore(StoreBound.UNBOUNDED, time, true, ExpiredEntryListener.NONE, () -> { });
    store.compute("a", (k, current) -> entry("A", StoredEntry.NEVER));
    store.compute("a", (k, current) -> null);
    assertNull(store.get("a"));
  }
}
