package io.peanutcache.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Closeable;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.integration.CacheLoader;
import org.junit.jupiter.api.Test;

/** A cache's loader is closed after the loads in flight, and never called once it is closed. */
class GuardedLoaderTest {

  /** A loader that counts its calls, can hold a load until released, and records its close. */
  private static final class ProbeLoader implements CacheLoader<String, String>, Closeable {
    final AtomicInteger loads = new AtomicInteger();
    final CountDownLatch loading = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    volatile boolean hold;
    volatile boolean closed;
    volatile boolean closedDuringLoad;

    @Override
    public String load(String key) {
      loads.incrementAndGet();
      if (hold) {
        loading.countDown();
        try {
          release.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        closedDuringLoad = closed;
      }
      return "loaded " + key;
    }

    @Override
    public Map<String, String> loadAll(Iterable<? extends String> keys) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  @Test
  void aLoadInFlightReturnsBeforeTheLoaderCloses() throws Exception {
    ProbeLoader probe = new ProbeLoader();
    probe.hold = true;
    GuardedLoader<String, String> loader = new GuardedLoader<>("c", probe);
    CompletableFuture<String> load = CompletableFuture.supplyAsync(() -> loader.load("k"));
    assertTrue(probe.loading.await(10, TimeUnit.SECONDS));

    CompletableFuture<Void> close = CompletableFuture.runAsync(loader::close);
    Thread.sleep(100);
    assertFalse(close.isDone(), "closing waits for the load in flight");
    probe.release.countDown();

    assertEquals("loaded k", load.get(10, TimeUnit.SECONDS));
    close.get(10, TimeUnit.SECONDS);
    assertFalse(probe.closedDuringLoad);
    assertTrue(probe.closed);
  }

  @Test
  void aLoadAfterCloseIsRefusedWithoutCallingTheLoader() {
    ProbeLoader probe = new ProbeLoader();
    GuardedLoader<String, String> loader = new GuardedLoader<>("c", probe);
    loader.close();

    IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> loader.load("k"));

    assertTrue(thrown.getMessage().contains("cache c is closed"), thrown.getMessage());
    assertEquals(0, probe.loads.get(), "a closed loader would reopen what close released");
  }
}
