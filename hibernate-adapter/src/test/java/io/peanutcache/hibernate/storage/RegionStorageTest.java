package io.peanutcache.hibernate.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.processor.EntryProcessor;
import org.junit.jupiter.api.Test;

/**
 * A region whose cache fails (its stand-in here throws a {@code CacheException}, as PeanutCache
 * does): reads and puts are misses, counted; a step the transaction waits for throws at once when
 * the failure is not a late owner (those are sent again: {@code FrozenOwnerTest}).
 */
class RegionStorageTest {

  @SuppressWarnings("unchecked")
  private static final Cache<Object, Object> FAILING = (Cache<Object, Object>) Proxy.newProxyInstance(
      RegionStorageTest.class.getClassLoader(), new Class<?>[] {Cache.class}, (proxy, method, args) -> {
        if (method.getName().equals("getName")) {
          return "products";
        }
        throw new CacheException("the owner of the key, 127.0.0.1:7072, cannot be reached");
      });

  private final RegionStorage storage = new RegionStorage(FAILING);

  @Test
  void aFailedReadOrPutIsAMissAndIsCounted() {
    assertThat(storage.getFromCache("product#1", null)).isNull();
    storage.putIntoCache("product#1", "value", null);
    assertThat(storage.contains("product#1")).isFalse();
    EntryProcessor<Object, Object, Boolean> step = (entry, arguments) -> true;
    assertThat(storage.invoke("product#1", step, false)).isFalse();

    assertThat(storage.failures()).isEqualTo(4);
  }

  @Test
  void aStepTheTransactionWaitsForThatFailsThrowsNamingTheRegionAndTheKey() {
    EntryProcessor<Object, Object, Boolean> step = (entry, arguments) -> true;
    try (StepRetries retries = new StepRetries()) {
      assertThatThrownBy(() -> retries.runWaiting(FAILING, "product#1", step, false, 1_000_000_000L))
          .isInstanceOf(org.hibernate.cache.CacheException.class)
          .hasMessageContaining("products").hasMessageContaining("product#1")
          .hasMessageContaining("cannot be reached");
    }
  }

  @Test
  void anEvictionThatFailsThrows() {
    assertThatThrownBy(() -> storage.evictData("product#1")).isInstanceOf(CacheException.class);
    assertThatThrownBy(storage::evictData).isInstanceOf(CacheException.class);
  }
}
