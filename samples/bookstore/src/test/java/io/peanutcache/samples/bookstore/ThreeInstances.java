package io.peanutcache.samples.bookstore;

import static org.assertj.core.api.Assertions.assertThat;

import io.peanutcache.samples.bookstore.BookstoreInstances.Instance;
import io.peanutcache.testing.FreePorts;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

/**
 * What a user of the bookstore sees with three instances from {@code target/bookstore.jar} on a
 * PostgreSQL database of their own: a book is looked up in the database once across the three,
 * however many requests miss it together; afterwards every instance serves it without a lookup;
 * a change made through one instance is what the others serve next. The subclasses say how the
 * instances find each other.
 *
 * <p>The tests of a class share one set of instances, each test with books of its own, and
 * count lookups as the change of {@code bookstore.lookups} summed over the instances, which
 * holds because the tests run one after another.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ThreeInstances {

  /** Requests per instance in the concurrent test. */
  private static final int THREADS_PER_INSTANCE = 4;

  private static final List<Book> SEED = BookshelfSetup.seed();

  private BookstoreDatabase database;
  private BookstoreInstances bookstore;
  private List<String> binds;

  /**
   * The arguments that make the instances find each other.
   *
   * @param binds each instance's peanutcache.bind
   * @return arguments for every instance
   */
  abstract List<String> membership(List<String> binds);

  @BeforeAll
  void startThreeInstances() throws Exception {
    database = BookstoreDatabase.create();
    List<Integer> ports = FreePorts.ports(6);
    binds = ports.subList(3, 6).stream().map(port -> "127.0.0.1:" + port).toList();
    List<String> common = new ArrayList<>(List.of(
        "--spring.profiles.active=postgres",
        "--spring.datasource.url=" + database.url(),
        // long enough that the concurrent requests overlap, short enough for a quick build
        "--bookstore.lookup-delay=1s"));
    common.addAll(membership(binds));
    bookstore = BookstoreInstances.start(getClass().getSimpleName(), ports.subList(0, 3), binds, common);
  }

  @AfterAll
  void stopThemAndDropTheDatabase() {
    try {
      if (bookstore != null) {
        bookstore.close();
      }
    } finally {
      if (database != null) {
        database.close();
      }
    }
  }

  @Test
  void aColdBookIsLookedUpOnceWhenEveryInstanceAsksForItAtOnce() throws Exception {
    Book book = SEED.get(0);
    long lookupsBefore = bookstore.lookups();

    List<HttpResponse<String>> responses = getAtOnce(book.isbn());

    for (HttpResponse<String> response : responses) {
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      assertThat(response.body()).isEqualTo(responses.get(0).body());
    }
    assertThat(BookstoreInstances.parse(responses.get(0).body()).path("title").asString())
        .isEqualTo(book.title());
    assertThat(bookstore.lookups() - lookupsBefore)
        .as("database lookups across the three instances").isEqualTo(1);
    assertThat(bookstore.lookupLines(book.isbn(), 1))
        .as("lookups of " + book.isbn() + " logged by the instances").hasSize(1);
  }

  @Test
  void aCachedBookIsServedByEveryInstanceWithoutALookupAndCountedAsAHit() throws Exception {
    Book book = SEED.get(1);
    assertThat(bookstore.get(bookstore.instance(0), "/books/" + book.isbn()).statusCode()).isEqualTo(200);
    long lookupsBefore = bookstore.lookups();

    for (Instance instance : bookstore.all()) {
      long hitsBefore = hits(instance);

      HttpResponse<String> response = bookstore.get(instance, "/books/" + book.isbn());

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(BookstoreInstances.parse(response.body()).path("title").asString()).isEqualTo(book.title());
      assertThat(hits(instance) - hitsBefore)
          .as("cache.gets with result hit on instance " + (instance.index() + 1)).isEqualTo(1);
    }
    assertThat(bookstore.lookups() - lookupsBefore).as("lookups after the first GET").isZero();
    assertThat(bookstore.lookupLines(book.isbn(), 1)).hasSize(1);
  }

  @Test
  void aNewPriceSetThroughOneInstanceIsWhatTheOthersServeNext() throws Exception {
    Book book = SEED.get(2);
    for (Instance instance : bookstore.all()) {
      assertThat(bookstore.get(instance, "/books/" + book.isbn()).statusCode()).isEqualTo(200);
    }
    BigDecimal newPrice = book.price().add(new BigDecimal("1.25"));
    long lookupsBefore = bookstore.lookups();

    HttpResponse<String> put = bookstore.put(bookstore.instance(0), "/books/" + book.isbn(),
        "{\"price\": " + newPrice + ", \"stock\": 7}");

    assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
    for (Instance other : List.of(bookstore.instance(1), bookstore.instance(2))) {
      JsonNode served = bookstore.json(other, "/books/" + book.isbn());
      assertThat(served.path("price").decimalValue()).as("price on instance " + (other.index() + 1))
          .isEqualByComparingTo(newPrice);
      assertThat(served.path("stock").asInt()).isEqualTo(7);
    }
    assertThat(bookstore.lookups() - lookupsBefore)
        .as("the changed book is put in the cache, not looked up again").isZero();
  }

  @Test
  void aBookDeletedThroughOneInstanceIsGoneFromEveryInstance() throws Exception {
    Book book = SEED.get(3);
    for (Instance instance : bookstore.all()) {
      assertThat(bookstore.get(instance, "/books/" + book.isbn()).statusCode()).isEqualTo(200);
    }

    assertThat(bookstore.delete(bookstore.instance(1), "/books/" + book.isbn()).statusCode()).isEqualTo(204);

    for (Instance instance : bookstore.all()) {
      assertThat(bookstore.get(instance, "/books/" + book.isbn()).statusCode())
          .as("GET on instance " + (instance.index() + 1)).isEqualTo(404);
    }
  }

  @Test
  void anUnknownIsbnIsNotFoundOnEveryInstanceAndLookedUpOnce() throws Exception {
    String unknown = "978-0-000-00000-2";
    long lookupsBefore = bookstore.lookups();

    for (Instance instance : bookstore.all()) {
      HttpResponse<String> response = bookstore.get(instance, "/books/" + unknown);
      assertThat(response.statusCode()).isEqualTo(404);
      assertThat(BookstoreInstances.parse(response.body()).path("detail").asString())
          .isEqualTo("no book has ISBN " + unknown);
    }
    assertThat(bookstore.lookups() - lookupsBefore).as("the absence is cached").isEqualTo(1);
  }

  @Test
  void everyAnswerNamesTheInstanceThatServedItAndTheOwnerOfTheBook() throws Exception {
    Book book = SEED.get(4);
    String owner = bookstore.json(bookstore.instance(0), "/actuator/peanutcache/books?key=" + book.isbn())
        .path("owner").asString();
    assertThat(binds).contains(owner);

    for (Instance instance : bookstore.all()) {
      HttpResponse<String> response = bookstore.get(instance, "/books/" + book.isbn());
      assertThat(response.headers().firstValue("X-Served-By")).hasValue(instance.bind());
      assertThat(response.headers().firstValue("X-Key-Owner")).hasValue(owner);
    }
  }

  @Test
  void aListingOneInstanceMadeIsAHitOnTheOthersUntilAChangeOnAnyInvalidatesIt() throws Exception {
    JsonNode made = bookstore.json(bookstore.instance(0), "/books");
    for (Instance other : List.of(bookstore.instance(1), bookstore.instance(2))) {
      long hits = queryCacheHits(other);

      JsonNode listing = bookstore.json(other, "/books");

      assertThat(listing).isEqualTo(made);
      assertThat(queryCacheHits(other) - hits)
          .as("Hibernate query cache hits on instance " + (other.index() + 1)).isEqualTo(1);
    }
    Book book = SEED.get(5);
    BigDecimal newPrice = book.price().add(new BigDecimal("2.50"));

    HttpResponse<String> put = bookstore.put(bookstore.instance(2), "/books/" + book.isbn(),
        "{\"price\": " + newPrice + "}");
    assertThat(put.statusCode()).as(put.body()).isEqualTo(200);

    for (Instance instance : List.of(bookstore.instance(0), bookstore.instance(1))) {
      JsonNode listed = null;
      for (JsonNode entry : bookstore.json(instance, "/books")) {
        if (entry.path("isbn").asString().equals(book.isbn())) {
          listed = entry;
        }
      }
      assertThat(listed).as("the book in the listing of instance " + (instance.index() + 1)).isNotNull();
      assertThat(listed.path("price").decimalValue())
          .as("its price in the listing of instance " + (instance.index() + 1))
          .isEqualByComparingTo(newPrice);
    }
  }

  @Test
  void healthIsUpWithAPeanutcacheComponentOfTheThreeMembers() throws Exception {
    for (Instance instance : bookstore.all()) {
      JsonNode health = bookstore.json(instance, "/actuator/health");
      JsonNode peanutcache = health.path("components").path("peanutcache");

      assertThat(health.path("status").asString()).isEqualTo("UP");
      assertThat(health.path("components").path("db").path("status").asString()).isEqualTo("UP");
      assertThat(peanutcache.path("status").asString()).isEqualTo("UP");
      assertThat(peanutcache.path("details").path("node").asString()).isEqualTo(instance.bind());
      assertThat(new HashSet<>(peanutcache.path("details").path("members").properties().stream()
          .map(Map.Entry::getValue).map(JsonNode::asString).toList()))
          .containsExactlyInAnyOrderElementsOf(binds);
    }
  }

  /** THREADS_PER_INSTANCE requests to each instance for isbn, released together. */
  private List<HttpResponse<String>> getAtOnce(String isbn) throws Exception {
    int callers = THREADS_PER_INSTANCE * bookstore.all().size();
    ExecutorService threads = Executors.newFixedThreadPool(callers);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<HttpResponse<String>>> futures = new ArrayList<>();
      for (Instance instance : bookstore.all()) {
        for (int i = 0; i < THREADS_PER_INSTANCE; i++) {
          Callable<HttpResponse<String>> request = () -> {
            go.await();
            return bookstore.get(instance, "/books/" + isbn);
          };
          futures.add(threads.submit(request));
        }
      }
      go.countDown();
      List<HttpResponse<String>> responses = new ArrayList<>();
      for (Future<HttpResponse<String>> future : futures) {
        responses.add(future.get(2, TimeUnit.MINUTES));
      }
      return responses;
    } finally {
      threads.shutdownNow();
    }
  }

  private long queryCacheHits(Instance instance) throws Exception {
    return bookstore.count(instance, "/actuator/metrics/hibernate.cache.query.requests?tag=result:hit");
  }

  private long hits(Instance instance) throws Exception {
    return bookstore.count(instance, "/actuator/metrics/cache.gets?tag=cache:books&tag=result:hit");
  }
}
