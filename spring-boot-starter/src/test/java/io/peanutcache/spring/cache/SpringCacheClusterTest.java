package io.peanutcache.spring.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.cache.Cache;

/**
 * The native Spring cache on a cluster of three Spring Boot contexts in this JVM, talking gRPC on
 * the versions Spring Boot's dependency management gives.
 */
class SpringCacheClusterTest {

  private static final int NODES = 3;
  private static final int THREADS = 8;
  private static final AtomicInteger KEYS = new AtomicInteger();
  private static SpringNodes nodes;

  @BeforeAll
  static void start() {
    nodes = SpringNodes.start(NODES);
  }

  @AfterAll
  static void stop() {
    if (nodes != null) {
      nodes.close();
    }
  }

  @BeforeEach
  void resetCounters() {
    Books.resetCounters();
  }

  /** A key no test used before. */
  private static String freshKey() {
    return "isbn-" + KEYS.incrementAndGet();
  }

  /** A fresh key that node {@code index} does not own, so that its reads go to another node. */
  private static String keyOwnedElsewhere(int index, String cache) {
    while (true) {
      String key = freshKey();
      if (!nodes.cache(index, cache).getNativeCache().isLocal(key)) {
        return key;
      }
    }
  }

  /** Runs {@code call} on {@link #THREADS} threads on every node, all released together. */
  private static <R> List<Future<R>> everywhereAtOnce(IntFunction<Callable<R>> call) {
    ExecutorService pool = Executors.newFixedThreadPool(NODES * THREADS);
    CyclicBarrier together = new CyclicBarrier(NODES * THREADS);
    List<Future<R>> results = new ArrayList<>();
    for (int node = 0; node < NODES; node++) {
      Callable<R> onNode = call.apply(node);
      for (int thread = 0; thread < THREADS; thread++) {
        results.add(pool.submit(() -> {
          together.await(60, TimeUnit.SECONDS);
          return onNode.call();
        }));
      }
    }
    pool.shutdown();
    return results;
  }

  @Test
  void syncCacheableRunsTheMethodOnceForEveryThreadOfEveryNodeMissingOneKey() throws Exception {
    String isbn = freshKey();

    List<Future<String>> titles = everywhereAtOnce(node -> () -> nodes.books(node).title(isbn));

    for (Future<String> title : titles) {
      assertThat(title.get(120, TimeUnit.SECONDS)).isEqualTo("title of " + isbn);
    }
    assertThat(Books.TITLES.get()).isEqualTo(1);
  }

  @Test
  void aLoaderExceptionReachesEveryWaiter() throws Exception {
    String isbn = freshKey();

    List<Future<String>> calls = everywhereAtOnce(node -> () -> nodes.books(node).failing(isbn));

    for (Future<String> call : calls) {
      // Spring unwraps the cache's ValueRetrievalException for the method's caller
      assertThatThrownBy(() -> call.get(120, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .cause().isInstanceOf(IllegalStateException.class).hasMessage("no book " + isbn);
    }
    assertThat(Books.FAILURES.get()).as("a failure stores nothing; no two loads run at once")
        .isBetween(1, NODES * THREADS);
    assertThat(nodes.cache(0, "failures").get(isbn)).isNull();
  }

  @Test
  void aLoaderExceptionIsAValueRetrievalExceptionFromTheCache() {
    String isbn = keyOwnedElsewhere(1, "failures");
    IllegalStateException failure = new IllegalStateException("no book " + isbn);

    assertThatThrownBy(() -> nodes.cache(1, "failures").get(isbn, () -> {
      throw failure;
    }))
        .isInstanceOf(Cache.ValueRetrievalException.class)
        .hasCause(failure);
    assertThat(nodes.cache(2, "failures").get(isbn)).isNull();
  }

  @Test
  void anEvictOnOneNodeIsSeenByTheNextCallOnTheOthers() throws Exception {
    String isbn = freshKey();
    nodes.books(0).title(isbn);
    nodes.books(1).title(isbn);
    nodes.books(2).title(isbn);
    assertThat(Books.TITLES.get()).isEqualTo(1);

    nodes.books(1).forget(isbn);

    assertThat(nodes.cache(0, "titles").get(isbn)).isNull();
    assertThat(nodes.cache(2, "titles").get(isbn)).isNull();
    nodes.books(2).title(isbn);
    assertThat(Books.TITLES.get()).isEqualTo(2);
    nodes.books(0).title(isbn);
    assertThat(Books.TITLES.get()).isEqualTo(2);
  }

  @Test
  void cacheableOnACompletableFutureIsServedFromARemoteOwner() throws Exception {
    String isbn = keyOwnedElsewhere(0, "async");

    assertThat(nodes.books(1).asyncTitle(isbn).get(60, TimeUnit.SECONDS))
        .isEqualTo("async title of " + isbn);
    assertThat(nodes.books(0).asyncTitle(isbn).get(60, TimeUnit.SECONDS))
        .isEqualTo("async title of " + isbn);
    assertThat(nodes.books(2).asyncTitle(isbn).get(60, TimeUnit.SECONDS))
        .isEqualTo("async title of " + isbn);

    assertThat(Books.ASYNC.get()).isEqualTo(1);
  }

  @Test
  void cacheableOnAMonoIsServedFromARemoteOwner() {
    String isbn = keyOwnedElsewhere(0, "reactive");

    assertThat(nodes.books(1).reactiveTitle(isbn).block()).isEqualTo("reactive title of " + isbn);
    assertThat(nodes.books(0).reactiveTitle(isbn).block()).isEqualTo("reactive title of " + isbn);
    assertThat(nodes.books(2).reactiveTitle(isbn).block()).isEqualTo("reactive title of " + isbn);

    assertThat(Books.REACTIVE.get()).isEqualTo(1);
  }

  @Test
  void retrieveTellsAStoredNullFromAMiss() throws Exception {
    String isbn = keyOwnedElsewhere(0, "shared");
    PeanutSpringCache cache = nodes.cache(0, "shared");

    assertThat(cache.retrieve(isbn).get(60, TimeUnit.SECONDS)).as("a miss").isNull();
    nodes.cache(1, "shared").put(isbn, null);
    Object stored = cache.retrieve(isbn).get(60, TimeUnit.SECONDS);

    assertThat(stored).isInstanceOf(Cache.ValueWrapper.class);
    assertThat(((Cache.ValueWrapper) stored).get()).isNull();
  }

  @Test
  void nullValuesAreCachedAndShared() {
    String isbn = freshKey();

    assertThat(nodes.books(0).nothing(isbn)).isNull();
    assertThat(nodes.books(1).nothing(isbn)).isNull();
    assertThat(nodes.books(2).nothing(isbn)).isNull();

    assertThat(Books.NOTHING.get()).isEqualTo(1);
    Cache.ValueWrapper stored = nodes.cache(2, "nothing").get(isbn);
    assertThat(stored).isNotNull();
    assertThat(stored.get()).isNull();
  }

  @Test
  void putIfAbsentStoresOneValueWhateverNodesRaceAndTellsTheOthersIt() throws Exception {
    String isbn = freshKey();

    List<Future<Cache.ValueWrapper>> results = everywhereAtOnce(node -> () ->
        nodes.cache(node, "shared").putIfAbsent(isbn, "from node " + node + " " + Thread.currentThread().getName()));

    int stored = 0;
    for (Future<Cache.ValueWrapper> result : results) {
      if (result.get(120, TimeUnit.SECONDS) == null) {
        stored++;
      }
    }
    assertThat(stored).as("exactly one caller found the key absent").isEqualTo(1);
    Object winner = nodes.cache(0, "shared").get(isbn).get();
    for (Future<Cache.ValueWrapper> result : results) {
      Cache.ValueWrapper previous = result.get();
      if (previous != null) {
        assertThat(previous.get()).isEqualTo(winner);
      }
    }
  }

  @Test
  void evictIfPresentAndInvalidateTakeEffectAtOnceOnEveryNode() {
    String isbn = freshKey();
    nodes.cache(0, "shared").put(isbn, "value");

    assertThat(nodes.cache(1, "shared").evictIfPresent(isbn)).isTrue();
    assertThat(nodes.cache(2, "shared").evictIfPresent(isbn)).isFalse();
    assertThat(nodes.cache(0, "shared").get(isbn)).isNull();

    nodes.cache(0, "shared").put(isbn, "value");
    assertThat(nodes.cache(2, "shared").invalidate()).isTrue();
    assertThat(nodes.cache(1, "shared").get(isbn)).isNull();
  }

  @Test
  void jsr107AnnotationsWorkOnTheSameCaches() {
    String isbn = freshKey();

    assertThat(nodes.books(0).author(isbn)).isEqualTo("author of " + isbn);
    assertThat(nodes.books(1).author(isbn)).isEqualTo("author of " + isbn);
    assertThat(Books.AUTHORS.get()).as("@CacheResult on node 1 found node 0's result").isEqualTo(1);

    nodes.books(2).setAuthor(isbn, "someone else");
    assertThat(nodes.books(0).author(isbn)).isEqualTo("someone else");

    nodes.books(1).removeAuthor(isbn);
    assertThat(nodes.books(2).author(isbn)).isEqualTo("author of " + isbn);
    assertThat(Books.AUTHORS.get()).isEqualTo(2);
  }
}
