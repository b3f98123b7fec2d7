package io.peanutcache.cluster.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.peanutcache.testing.InJvmCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import javax.cache.Cache;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.processor.EntryProcessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.cache.jcache.JCacheCache;

/**
 * Entry processors that cannot be sent to the owner, invoked on one key by many threads on every
 * node at once (the owner's among them): each runs under the key's lease, so what it does runs
 * once per invoke.
 */
class ProcessorLeaseTest {

  private static final int NODES = 3;
  private static final int THREADS = 8;

  @RegisterExtension
  static final InJvmCluster cluster = InJvmCluster.of(NODES).rpcTimeout(Duration.ofSeconds(20));

  private final List<String> created = new ArrayList<>();

  @AfterEach
  void destroyCaches() {
    created.forEach(name -> cluster.manager(0).destroyCache(name));
  }

  private void create(String name) {
    created.add(name);
    cluster.manager(0).createCache(name, new MutableConfiguration<Object, Object>());
  }

  /**
   * Runs {@code call} on {@link #THREADS} threads of each node's handle of {@code name}, all
   * released together, and returns every result.
   */
  private static <R> List<R> everywhereAtOnce(String name, Function<Cache<Object, Object>, R> call)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(NODES * THREADS);
    CyclicBarrier together = new CyclicBarrier(NODES * THREADS);
    try {
      List<Future<R>> calls = new ArrayList<>();
      for (int node = 0; node < NODES; node++) {
        Cache<Object, Object> cache = cluster.manager(node).getCache(name);
        for (int thread = 0; thread < THREADS; thread++) {
          calls.add(pool.submit(() -> {
            together.await(60, TimeUnit.SECONDS);
            return call.apply(cache);
          }));
        }
      }
      List<R> results = new ArrayList<>();
      for (Future<R> result : calls) {
        results.add(result.get(120, TimeUnit.SECONDS));
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aLambdaThatLoadsRunsOnceAcrossTheCluster() throws Exception {
    create("lambda-loads");
    AtomicInteger loads = new AtomicInteger();
    // a lambda is not Serializable: it runs on each caller, under the key's lease at the owner
    EntryProcessor<Object, Object, Object> loadIfAbsent = (entry, arguments) -> {
      if (!entry.exists()) {
        loads.incrementAndGet();
        pause(100); // a slow load: the other callers arrive meanwhile
        entry.setValue("loaded once");
      }
      return entry.getValue();
    };

    long started = System.nanoTime();
    List<Object> results = everywhereAtOnce("lambda-loads", cache -> cache.invoke("cold", loadIfAbsent));
    System.out.printf("%d invokes of a loading lambda on one cold key took %d ms%n", results.size(),
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));

    assertEquals(1, loads.get(), "loads across " + NODES + " nodes x " + THREADS + " threads");
    assertEquals(List.of("loaded once"), results.stream().distinct().toList(), "every caller gets the value");
    assertEquals("loaded once", cluster.manager(1).getCache("lambda-loads").get("cold"));
  }

  @Test
  void springsGetWithACallableRunsTheCallableOnceAcrossTheCluster() throws Exception {
    create("spring-sync");
    AtomicInteger calls = new AtomicInteger();
    Callable<String> method = () -> {
      calls.incrementAndGet();
      pause(100);
      return "computed once";
    };

    // what @Cacheable(sync = true) calls: JCacheCache.get(key, Callable), which invokes a processor
    // that is not Serializable with the Callable as its argument
    List<String> results = everywhereAtOnce("spring-sync",
        cache -> new JCacheCache(cache).get("cold", method));

    assertEquals(1, calls.get(), "runs of the Callable across " + NODES + " nodes x " + THREADS + " threads");
    assertEquals(List.of("computed once"), results.stream().distinct().toList());
  }

  @Test
  void aProcessorRunsAgainOnlyWhenAWriteThatTakesNoLeaseChangedTheEntryMeanwhile() {
    create("rerun");
    Cache<Object, Object> caller = cluster.manager(0).getCache("rerun");
    Cache<Object, Object> other = cluster.manager(2).getCache("rerun");
    AtomicInteger runs = new AtomicInteger();
    EntryProcessor<Object, Object, Object> processor = (entry, arguments) -> {
      int run = runs.incrementAndGet();
      Object seen = entry.getValue();
      if (run == 1) {
        other.put("k", "put meanwhile"); // a plain put takes no lease
      }
      entry.setValue("set by run " + run);
      return seen;
    };

    assertEquals("put meanwhile", caller.invoke("k", processor), "the second run saw the put");
    assertEquals(2, runs.get());
    assertEquals("set by run 2", other.get("k"));
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
