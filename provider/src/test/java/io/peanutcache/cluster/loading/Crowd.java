package io.peanutcache.cluster.loading;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import javax.cache.Cache;

/**
 * Many threads on every node making one call at the same instant, as the instances of an
 * application do when a popular key goes cold.
 */
final class Crowd {

  /** What one caller got: its value or what it threw, and how long it took. */
  record Outcome(Object value, Throwable failure, Duration took) {}

  private Crowd() {}

  /**
   * Runs {@code call} on {@code threadsPerNode} threads for each cache handle, all released
   * together, and waits for every one of them.
   *
   * @param handles one handle of the cache per node
   * @param threadsPerNode callers on each node
   * @param within how long the test waits for the slowest caller
   * @param call the call each makes
   * @return every caller's outcome
   */
  static List<Outcome> call(List<Cache<String, String>> handles, int threadsPerNode, Duration within,
      Function<Cache<String, String>, Object> call) throws Exception {
    int callers = handles.size() * threadsPerNode;
    ExecutorService threads = Executors.newFixedThreadPool(callers);
    CyclicBarrier start = new CyclicBarrier(callers);
    try {
      List<Future<Outcome>> outcomes = new ArrayList<>();
      for (Cache<String, String> handle : handles) {
        for (int i = 0; i < threadsPerNode; i++) {
          outcomes.add(threads.submit(() -> {
            start.await();
            long began = System.nanoTime();
            try {
              Object value = call.apply(handle);
              return new Outcome(value, null, Duration.ofNanos(System.nanoTime() - began));
            } catch (RuntimeException e) {
              return new Outcome(null, e, Duration.ofNanos(System.nanoTime() - began));
            }
          }));
        }
      }
      List<Outcome> results = new ArrayList<>();
      long deadline = System.nanoTime() + within.toNanos();
      for (Future<Outcome> outcome : outcomes) {
        results.add(outcome.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
      }
      return results;
    } finally {
      threads.shutdownNow();
    }
  }

  /** The slowest caller's time. */
  static Duration slowest(List<Outcome> outcomes) {
    return outcomes.stream().map(Outcome::took).max(Duration::compareTo).orElse(Duration.ZERO);
  }
}
