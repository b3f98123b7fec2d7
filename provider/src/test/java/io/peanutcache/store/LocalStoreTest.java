package io.peanutcache.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.peanutcache.testing.FakeTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
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

  @Test
  void aStoreOfEntriesThatNeverExpireHandsOutTheSameEntryUntilTheNextWrite() {
    LocalStore store = new LocalStore(StoreBound.UNBOUNDED, time, false, ExpiredEntryListener.NONE, () -> { });
    byte[] first = {1, 2, 3};
    store.compute("a", (k, current) -> StoredEntry.of(first, StoredEntry.NEVER));

    StoredEntry read = store.get("a");
    assertSame(first, read.value(), "the stored array itself, not a copy");
    assertSame(first, store.getValue("a"));
    assertEquals(StoredEntry.NEVER, read.expiresAt());
    assertTrue(read.isSameEntry(store.get("a")), "two reads without a write between them see one entry");

    store.compute("a", (k, current) -> StoredEntry.of(new byte[] {1, 2, 3}, StoredEntry.NEVER));
    assertFalse(read.isSameEntry(store.get("a")), "a write of an equal value is another entry");
    assertNull(store.getValue("b"));
    assertNull(store.get("b"));
  }

  @Test
  void aStoreOfEntriesThatNeverExpireTellsItsObserverOfWritesOnly() {
    LocalStore store = new LocalStore(StoreBound.UNBOUNDED, time, false, ExpiredEntryListener.NONE, () -> { });
    List<Object> changed = new ArrayList<>();
    store.observeChanges(new StoreChanges() {
      @Override
      public void changed(Object key) {
        changed.add(key);
      }

      @Override
      public void cleared() {
        changed.add("cleared");
      }
    });
    store.compute("a", (k, current) -> StoredEntry.of(new byte[] {1}, StoredEntry.NEVER));
    StoredEntry read = store.get("a");

    StoredEntry kept = store.compute("a", (k, current) -> current);
    StoredEntry keptAsRead = store.compute("a", (k, current) -> read);
    assertEquals(List.of("a"), changed, "returning the entry found, or one read before, changes nothing");
    assertTrue(read.isSameEntry(kept));
    assertTrue(read.isSameEntry(keptAsRead));

    store.compute("a", (k, current) -> StoredEntry.of(new byte[] {1}, StoredEntry.NEVER));
    Object held = store.getValue("a");
    store.compute("a", (k, current) -> StoredEntry.of(held, StoredEntry.NEVER));
    assertEquals(List.of("a", "a", "a"), changed, "a write of the instance already held is a write");
    assertSame(held, store.getValue("a"));

    store.compute("a", (k, current) -> null);
    store.compute("a", (k, current) -> null);
    assertEquals(List.of("a", "a", "a", "a"), changed, "removing what is not there changes nothing");
    assertNull(store.get("a"));
  }

  @Test
  void aStoreOfEntriesThatNeverExpireRefusesOneThatDoesAndStaysAsItWas() {
    LocalStore store = new LocalStore(StoreBound.UNBOUNDED, time, false, ExpiredEntryListener.NONE, () -> { });
    byte[] value = {7};
    store.compute("a", (k, current) -> StoredEntry.of(value, StoredEntry.NEVER));
    long inTenSeconds = time.nanos() + Duration.ofSeconds(10).toNanos();

    IllegalStateException refused = assertThrows(IllegalStateException.class,
        () -> store.compute("a", (k, current) -> StoredEntry.of(new byte[] {8}, inTenSeconds)));

    assertTrue(refused.getMessage().contains("never expire"), refused.getMessage());
    assertSame(value, store.getValue("a"));
  }

  @Test
  void aStoreOfEntriesThatNeverExpireWeighsAndIteratesThem() {
    EntryWeigher weigher = (key, entry) -> ((byte[]) entry.value()).length;
    LocalStore store = new LocalStore(StoreBound.bytes(1_000, weigher), time, false, ExpiredEntryListener.NONE,
        () -> { });
    for (int i = 0; i < 50; i++) {
      store.compute("k" + i, (k, current) -> StoredEntry.of(new byte[100], StoredEntry.NEVER));
    }
    store.cleanUp();
    assertTrue(store.size() <= 10, "100-byte entries under a 1000-byte bound: " + store.size());

    int seen = 0;
    for (Iterator<Map.Entry<Object, StoredEntry>> it = store.iterator(); it.hasNext(); seen++) {
      Map.Entry<Object, StoredEntry> next = it.next();
      assertTrue(next.getValue().isSameEntry(store.get(next.getKey())), "the entry the store holds for " + next.getKey());
    }
    assertEquals(store.size(), seen);
  }
}
