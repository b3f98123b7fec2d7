package io.peanutcache.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** A node's watch for pauses, on a clock the test moves: when it drops what the node holds. */
class PauseWatchTest {

  private static final Duration TOLERANCE = Duration.ofSeconds(5);

  private final AtomicLong clock = new AtomicLong(1_000_000_000L);
  private final AtomicInteger drops = new AtomicInteger();

  private PauseWatch watch(Runnable drop) {
    return new PauseWatch("node-a", TOLERANCE, drop, clock::get);
  }

  private void advance(Duration by) {
    clock.addAndGet(by.toNanos());
  }

  @Test
  void aNodeWhoseTicksComeInTimeKeepsWhatItHolds() {
    PauseWatch watch = watch(drops::incrementAndGet);
    for (int i = 0; i < 20; i++) {
      advance(Duration.ofSeconds(4));
      watch.tick();
      watch.check();
    }
    assertEquals(0, drops.get());
    assertEquals(0, watch.resumedAtMillis());
  }

  @Test
  void aPauseLongerThanTheToleranceDropsOnceBeforeTheFirstCheckReturns() {
    PauseWatch watch = watch(drops::incrementAndGet);
    watch.tick();
    long before = System.currentTimeMillis();
    advance(Duration.ofSeconds(12));

    watch.check();

    assertEquals(1, drops.get());
    long resumedAt = watch.resumedAtMillis();
    assertTrue(resumedAt >= before && resumedAt <= System.currentTimeMillis(), "came back at " + resumedAt);
    watch.tick();
    watch.check();
    assertEquals(1, drops.get(), "the node drops once per pause");
  }

  @Test
  void theTickerFindsThePauseWhenNoOperationComes() {
    PauseWatch watch = watch(drops::incrementAndGet);
    advance(Duration.ofSeconds(6));
    watch.tick();
    assertEquals(1, drops.get());
    advance(Duration.ofSeconds(6));
    watch.tick();
    assertEquals(2, drops.get(), "a second pause drops again");
  }

  @Test
  void operationsThatComeWhileTheDropRunsWaitForIt() throws Exception {
    CountDownLatch dropping = new CountDownLatch(1);
    AtomicBoolean dropped = new AtomicBoolean();
    PauseWatch watch = watch(() -> {
      drops.incrementAndGet();
      dropping.countDown();
      try {
        Thread.sleep(300);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      dropped.set(true);
    });
    advance(Duration.ofSeconds(30));

    List<CompletableFuture<Boolean>> operations = new ArrayList<>();
    operations.add(CompletableFuture.supplyAsync(() -> {
      watch.check();
      return dropped.get();
    }));
    assertTrue(dropping.await(30, TimeUnit.SECONDS));
    for (int i = 0; i < 4; i++) {
      operations.add(CompletableFuture.supplyAsync(() -> {
        watch.check();
        return dropped.get();
      }));
    }

    for (CompletableFuture<Boolean> operation : operations) {
      assertTrue(operation.get(30, TimeUnit.SECONDS), "the operation went on after the drop");
    }
    assertEquals(1, drops.get());
  }
}
