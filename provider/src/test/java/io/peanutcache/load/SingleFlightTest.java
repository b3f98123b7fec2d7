package io.peanutcache.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SingleFlightTest {

  private static final int CALLERS = 16;
  private final ExecutorService pool = Executors.newFixedThreadPool(CALLERS);

  @AfterEach
  void stop() {
    pool.shutdownNow();
  }

  /**
   * Starts {@code CALLERS} loads of one key; the leader's load finishes only once every other
   * caller waits for it, so all of them share one flight.
   */
  private List<Future<String>> loadTogether(SingleFlight<String> flights, AtomicInteger loads,
      RuntimeException failure) {
    List<Future<String>> results = new ArrayList<>();
    for (int i = 0; i < CALLERS; i++) {
      results.add(pool.submit(() -> flights.load("key", (key, flight) -> {
        loads.incrementAndGet();
        awaitWaiters(flight, CALLERS - 1);
        if (failure != null) {
          throw failure;
        }
        return "value";
      })));
    }
    return results;
  }

  static void awaitWaiters(Flight<?> flight, int count) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (flight.waiters() < count && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
  }

  @Test
  void loadsOnceWhenManyThreadsMissTogether() throws Exception {
    SingleFlight<String> flights = new SingleFlight<>();
    AtomicInteger loads = new AtomicInteger();

    List<Future<String>> results = loadTogether(flights, loads, null);

    for (Future<String> result : results) {
      assertEquals("value", result.get(10, TimeUnit.SECONDS));
    }
    assertEquals(1, loads.get());
    assertEquals(0, flights.inFlight(), "a finished flight is forgotten");
  }

  @Test
  void givesEveryWaiterTheSameFailure() throws Exception {
    SingleFlight<String> flights = new SingleFlight<>();
    AtomicInteger loads = new AtomicInteger();
    IllegalStateException failure = new IllegalStateException("source down");

    List<Future<String>> results = loadTogether(flights, loads, failure);

    for (Future<String> result : results) {
      java.util.concurrent.ExecutionException thrown =
          org.junit.jupiter.api.Assertions.assertThrows(java.util.concurrent.ExecutionException.class,
              () -> result.get(10, TimeUnit.SECONDS));
      assertSame(failure, thrown.getCause());
    }
    assertEquals(1, loads.get());
  }

  @Test
  void aLaterCallerStartsANewLoad() {
    SingleFlight<String> flights = new SingleFlight<>();
    AtomicInteger loads = new AtomicInteger();
    flights.load("key", (key, flight) -> "v" + loads.incrementAndGet());
    String second = flights.load("key", (key, flight) -> "v" + loads.incrementAndGet());
    assertEquals("v2", second);
  }

  @Test
  void aWriteDuringTheLoadSupersedesIt() {
    SingleFlight<String> flights = new SingleFlight<>();
    boolean[] superseded = new boolean[1];
    flights.load("key", (key, flight) -> {
      assertFalse(flight.isSuperseded());
      flights.supersede("other-key");
      assertFalse(flight.isSuperseded(), "a write to another key leaves the load alone");
      flights.supersede("key");
      superseded[0] = flight.isSuperseded();
      return "value";
    });
    assertTrue(superseded[0]);
  }

  @Test
  void aWaiterForAPeersRequestWaitsNoLongerThanTheRequestsDeadline() throws Exception {
    SingleFlight<String> flights = new SingleFlight<>(Duration.ofMinutes(10),
        key -> new IllegalStateException("the load timeout passed"));
    CountDownLatch release = new CountDownLatch(1);
    AtomicReference<Flight<String>> led = new AtomicReference<>();
    Future<String> leader = pool.submit(() -> flights.load("key", (key, flight) -> {
      led.set(flight);
      awaitQuietly(release);
      return "value";
    }));
    while (led.get() == null) {
      Thread.onSpinWait();
    }

    CancellationException passed = assertThrows(CancellationException.class, () -> RequestDeadline.runWithin(
        System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200), () -> flights.load("key", (key, flight) -> "own")));

    assertTrue(passed.getMessage().contains("deadline of the request"), passed.getMessage());
    release.countDown();
    assertEquals("value", leader.get(10, TimeUnit.SECONDS), "the leader's load runs on");
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(1, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
