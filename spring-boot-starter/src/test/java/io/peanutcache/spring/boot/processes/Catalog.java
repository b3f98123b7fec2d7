package io.peanutcache.spring.boot.processes;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.cache.annotation.CacheEvict;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * The cached methods of the application. Each counts its runs on this instance, by method and
 * key, and returns a value naming the run and the instance that made it, so that a caller can
 * tell a cached value from a fresh one and where it was computed. The slow method prints
 * {@code COMPUTING title <isbn>} when it starts and {@code COMPUTED title <isbn>} when it ends.
 */
@Service
public class Catalog {

  private final String instance;
  /** Runs on this instance by {@code <method> <isbn>}. */
  private final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();

  Catalog(@Value("${peanutcache.bind}") String instance) {
    this.instance = instance;
  }

  /** A slow title: sleeps {@code millis} while the callers of the same key wait for it. */
  @Cacheable(cacheNames = "titles", key = "#isbn", sync = true)
  public String title(String isbn, long millis) throws InterruptedException {
    int run = count("title", isbn);
    System.out.println("COMPUTING title " + isbn);
    Thread.sleep(millis);
    System.out.println("COMPUTED title " + isbn);
    return "title of " + isbn + " (run " + run + " on " + instance + ")";
  }

  @CacheEvict(cacheNames = "titles")
  public void forget(String isbn) {}

  /** A sync method that always fails, saying which book it could not find. */
  @Cacheable(cacheNames = "failures", sync = true)
  public String failing(String isbn) {
    count("failing", isbn);
    throw new IllegalStateException("no book " + isbn);
  }

  @Cacheable("async")
  public CompletableFuture<String> asyncTitle(String isbn) {
    int run = count("async", isbn);
    return CompletableFuture.supplyAsync(
        () -> "async title of " + isbn + " (run " + run + " on " + instance + ")");
  }

  @Cacheable("reactive")
  public Mono<String> reactiveTitle(String isbn) {
    int run = count("reactive", isbn);
    return Mono.fromSupplier(
        () -> "reactive title of " + isbn + " (run " + run + " on " + instance + ")");
  }

  /** How many times {@code method} ran for {@code isbn} on this instance. */
  public int runs(String method, String isbn) {
    AtomicInteger counter = runs.get(method + " " + isbn);
    return counter == null ? 0 : counter.get();
  }

  private int count(String method, String isbn) {
    return runs.computeIfAbsent(method + " " + isbn, ignored -> new AtomicInteger()).incrementAndGet();
  }
}
