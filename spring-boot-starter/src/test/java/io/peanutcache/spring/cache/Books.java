package io.peanutcache.spring.cache;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.annotation.CacheKey;
import javax.cache.annotation.CachePut;
import javax.cache.annotation.CacheRemove;
import javax.cache.annotation.CacheResult;
import javax.cache.annotation.CacheValue;
import org.springframework.cache.annotation.CacheEvict;
import org.springframework.cache.annotation.Cacheable;
import reactor.core.publisher.Mono;

/**
 * A service with cached methods, one bean per node; the counters are shared by every node of
 * the JVM, so they count the method's runs across the cluster.
 */
public class Books {

  static final AtomicInteger TITLES = new AtomicInteger();
  static final AtomicInteger FAILURES = new AtomicInteger();
  static final AtomicInteger ASYNC = new AtomicInteger();
  static final AtomicInteger REACTIVE = new AtomicInteger();
  static final AtomicInteger NOTHING = new AtomicInteger();
  static final AtomicInteger AUTHORS = new AtomicInteger();

  static void resetCounters() {
    for (AtomicInteger counter : new AtomicInteger[] {TITLES, FAILURES, ASYNC, REACTIVE, NOTHING, AUTHORS}) {
      counter.set(0);
    }
  }

  @Cacheable(cacheNames = "titles", sync = true)
  public String title(String isbn) throws InterruptedException {
    TITLES.incrementAndGet();
    Thread.sleep(50); // widens the window in which the other callers miss too
    return "title of " + isbn;
  }

  @CacheEvict("titles")
  public void forget(String isbn) {}

  @Cacheable(cacheNames = "failures", sync = true)
  public String failing(String isbn) {
    FAILURES.incrementAndGet();
    throw new IllegalStateException("no book " + isbn);
  }

  @Cacheable("async")
  public CompletableFuture<String> asyncTitle(String isbn) {
    ASYNC.incrementAndGet();
    return CompletableFuture.supplyAsync(() -> "async title of " + isbn);
  }

  @Cacheable("reactive")
  public Mono<String> reactiveTitle(String isbn) {
    REACTIVE.incrementAndGet();
    return Mono.fromSupplier(() -> "reactive title of " + isbn);
  }

  @Cacheable("nothing")
  public String nothing(String isbn) {
    NOTHING.incrementAndGet();
    return null;
  }

  @CacheResult(cacheName = "authors")
  public String author(String isbn) {
    AUTHORS.incrementAndGet();
    return "author of " + isbn;
  }

  @CachePut(cacheName = "authors")
  public void setAuthor(@CacheKey String isbn, @CacheValue String author) {}

  @CacheRemove(cacheName = "authors")
  public void removeAuthor(String isbn) {}
}
