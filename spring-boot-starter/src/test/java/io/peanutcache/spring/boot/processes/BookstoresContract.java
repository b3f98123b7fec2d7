package io.peanutcache.spring.boot.processes;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

/**
 * What three instances of a Spring Boot application, each in a JVM of its own, get from the
 * starter, whatever way their nodes find each other (each subclass says how). The instances are
 * started once for the class; the test that kills one runs last.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class BookstoresContract {

  static final int INSTANCES = 3;
  static final int THREADS = 8;
  /** {@code peanutcache.load.timeout}: how long a caller may hold a key's lease. */
  static final Duration LOAD_TIMEOUT = Duration.ofSeconds(15);
  /** {@code peanutcache.rpc.timeout}. */
  static final Duration RPC_TIMEOUT = Duration.ofSeconds(5);
  /** Beyond any wait the cache allows, on a machine as slow as it gets: a caller past it hangs. */
  static final Duration HANGING = LOAD_TIMEOUT.plus(RPC_TIMEOUT).plusSeconds(30);

  private final AtomicInteger keys = new AtomicInteger();
  Bookstores bookstores;

  /** The instances' settings of membership: each as {@code --key=value}. */
  abstract List<String> membership(int index, List<String> addresses);

  /** Whether a killed instance leaves the others' view, so that its keys get a new owner. */
  abstract boolean killedInstancesLeave();

  @BeforeAll
  void start() throws Exception {
    bookstores = Bookstores.start(getClass().getSimpleName(), INSTANCES, (index, addresses) -> {
      List<String> settings = new ArrayList<>(membership(index, addresses));
      settings.add("--peanutcache.load.timeout=" + LOAD_TIMEOUT.toSeconds() + "s");
      settings.add("--peanutcache.rpc.timeout=" + RPC_TIMEOUT.toSeconds() + "s");
      return settings;
    });
  }

  @AfterAll
  void stop() {
    if (bookstores != null) {
      bookstores.close();
    }
  }

  @Test
  @Order(1)
  void syncCacheableRunsOnceAcrossTheInstancesWhenEveryThreadOfEveryInstanceMissesOneKey()
      throws Exception {
    String isbn = freshKey();

    List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
    for (int thread = 0; thread < THREADS; thread++) {
      for (int index = 0; index < INSTANCES; index++) {
        calls.add(bookstores.send(index, "/title?millis=2000&isbn=" + isbn, HANGING));
      }
    }

    Set<String> titles = new HashSet<>();
    for (CompletableFuture<HttpResponse<String>> call : calls) {
      HttpResponse<String> response = call.get(HANGING.toSeconds(), TimeUnit.SECONDS);
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      titles.add(response.body());
    }
    assertThat(titles).as("the value every caller got").hasSize(1);
    assertThat(titles.iterator().next()).startsWith("title of " + isbn + " (run 1 on ");
    assertThat(runs("title", isbn)).as("runs of the method on the three instances").isEqualTo(1);
  }

  @Test
  @Order(2)
  void aLoaderExceptionReachesEveryCallerOfEveryInstanceAndNothingIsCached() throws Exception {
    String isbn = freshKey();

    List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
    for (int thread = 0; thread < THREADS; thread++) {
      for (int index = 0; index < INSTANCES; index++) {
        calls.add(bookstores.send(index, "/failing?isbn=" + isbn, HANGING));
      }
    }

    for (CompletableFuture<HttpResponse<String>> call : calls) {
      HttpResponse<String> response = call.get(HANGING.toSeconds(), TimeUnit.SECONDS);
      assertThat(response.statusCode()).isEqualTo(500);
      assertThat(response.body()).isEqualTo("java.lang.IllegalStateException: no book " + isbn);
    }
    int runs = runs("failing", isbn);
    assertThat(runs).as("a failure stores nothing; each caller that got the lease ran the method")
        .isBetween(1, INSTANCES * THREADS);

    HttpResponse<String> later = bookstores.get(1, "/failing?isbn=" + isbn);
    assertThat(later.body()).isEqualTo("java.lang.IllegalStateException: no book " + isbn);
    assertThat(runs("failing", isbn)).as("a later call runs the method again").isEqualTo(runs + 1);
  }

  @Test
  @Order(3)
  void anEvictOnOneInstanceIsSeenByTheNextCallOnEachOfTheOthers() throws Exception {
    String isbn = freshKey();
    String first = title(0, isbn);
    assertThat(title(1, isbn)).isEqualTo(first);
    assertThat(title(2, isbn)).isEqualTo(first);
    assertThat(runs("title", isbn)).isEqualTo(1);

    bookstores.post(1, "/forget?isbn=" + isbn);
    String second = title(2, isbn);
    assertThat(second).as("computed again after the evict").isNotEqualTo(first);
    assertThat(runs("title", isbn)).isEqualTo(2);
    assertThat(title(1, isbn)).as("cached again").isEqualTo(second);

    bookstores.post(1, "/forget?isbn=" + isbn);
    String third = title(0, isbn);
    assertThat(third).as("computed again after the evict").isNotEqualTo(second);
    assertThat(runs("title", isbn)).isEqualTo(3);
    assertThat(title(2, isbn)).as("cached again").isEqualTo(third);
  }

  @Test
  @Order(4)
  void cacheableOnACompletableFutureIsServedFromTheCacheOnTheOtherInstances() throws Exception {
    servedFromTheCacheOnTheOtherInstances("async", "/async-title");
  }

  @Test
  @Order(5)
  void cacheableOnAMonoIsServedFromTheCacheOnTheOtherInstances() throws Exception {
    servedFromTheCacheOnTheOtherInstances("reactive", "/reactive-title");
  }

  /** Computes a key on an instance that does not own it, then reads it on the two others. */
  private void servedFromTheCacheOnTheOtherInstances(String cache, String path) throws Exception {
    int owner = 2;
    String isbn = keyOwnedBy(cache, owner);
    int caller = 0;

    HttpResponse<String> computed = bookstores.get(caller, path + "?isbn=" + isbn);
    assertThat(computed.statusCode()).as(computed.body()).isEqualTo(200);
    assertThat(computed.body()).endsWith("(run 1 on " + bookstores.instance(caller).address + ")");
    for (int index : new int[] {1, owner, caller}) {
      HttpResponse<String> served = bookstores.get(index, path + "?isbn=" + isbn);
      assertThat(served.statusCode()).as(served.body()).isEqualTo(200);
      assertThat(served.body()).as("instance %d", index).isEqualTo(computed.body());
    }
    assertThat(runs(cache, isbn)).isEqualTo(1);
  }

  @Test
  @Order(6)
  void everyInstanceReportsItsHealthAndItsCacheMetricsOverHttp() throws Exception {
    String isbn = freshKey();
    for (int index : new int[] {0, 1, 2, 0}) {
      assertThat(bookstores.get(index, "/async-title?isbn=" + isbn).statusCode()).isEqualTo(200);
    }

    int partitions = 0;
    for (int index = 0; index < INSTANCES; index++) {
      JsonNode health = bookstores.getJson(index, "/actuator/health");
      assertThat(health.get("status").asString()).isEqualTo("UP");
      JsonNode peanutcache = health.get("components").get("peanutcache");
      assertThat(peanutcache.get("status").asString()).isEqualTo("UP");
      assertThat(peanutcache.get("details").get("mode").asString()).isEqualTo("clustered");
      assertThat(peanutcache.get("details").get("members").size()).isEqualTo(INSTANCES);
      partitions += peanutcache.get("details").get("partitionsOwned").asInt();

      JsonNode hits = bookstores.getJson(index,
          "/actuator/metrics/cache.gets?tag=cache:async&tag=result:hit");
      assertThat(hits.get("measurements").get(0).get("value").asDouble())
          .as("hits on instance %d", index).isGreaterThanOrEqualTo(1);
      JsonNode results = bookstores.getJson(index, "/actuator/metrics/cache.gets?tag=cache:async");
      assertThat(results.get("availableTags").findValuesAsString("tag")).contains("result");
      assertThat(Files.readString(bookstores.instance(index).log))
          .as("instance %d's log", index).doesNotContain("has been already registered");
    }
    assertThat(partitions).as("the instances own every partition between them").isEqualTo(271);
    JsonNode misses = bookstores.getJson(0,
        "/actuator/metrics/cache.gets?tag=cache:async&tag=result:miss");
    assertThat(misses.get("measurements").get(0).get("value").asDouble()).isGreaterThanOrEqualTo(1);
  }

  /**
   * The instance running a {@code sync = true} method is killed with SIGKILL mid-run, for two
   * keys: one a surviving instance owns, whose waiters on the survivors get the lease in turn,
   * so one of them computes the value and every one of them gets it; and one the killed instance
   * owned, whose waiters lose the owner they waited at and compute the value on their own
   * instance instead, once per instance. None of them hangs or fails.
   */
  @Test
  @Order(7)
  void whenTheComputingInstanceIsKilledAWaiterOnAnotherComputesAndNobodyHangs() throws Exception {
    int killed = 1;
    int[] survivors = {0, 2};
    String ownedBySurvivor = keyOwnedBy("titles", 0);
    String ownedByKilled = keyOwnedBy("titles", killed);
    for (String isbn : List.of(ownedBySurvivor, ownedByKilled)) {
      bookstores.send(killed, "/title?millis=600000&isbn=" + isbn, Duration.ofMinutes(10));
      bookstores.instance(killed).awaitLines(("COMPUTING title " + isbn)::equals, 1, HANGING);
    }
    List<Waiter> waiters = new ArrayList<>();
    for (String isbn : List.of(ownedBySurvivor, ownedByKilled)) {
      for (int index : survivors) {
        for (int thread = 0; thread < 3; thread++) {
          waiters.add(new Waiter(isbn, index,
              bookstores.send(index, "/title?millis=3000&isbn=" + isbn, HANGING.multipliedBy(2))));
        }
        bookstores.instance(index).awaitLines(("REQUEST title " + isbn)::equals, 3, HANGING);
      }
    }
    Thread.sleep(1000); // lets the requests reach the keys' owners and queue for the leases

    bookstores.kill(killed);
    long killedAt = System.nanoTime();

    Set<String> values = new HashSet<>();
    Set<String> aroundOwner = new HashSet<>();
    for (Waiter waiter : waiters) {
      HttpResponse<String> response = waiter.call.get(HANGING.multipliedBy(2).toSeconds(), TimeUnit.SECONDS);
      Duration waited = Duration.ofNanos(waiter.answeredAt - killedAt);
      System.out.printf("%s on instance %d: %d after %d ms: %s%n", waiter.isbn, waiter.index,
          response.statusCode(), waited.toMillis(), response.body());
      assertThat(waited).as("%s on instance %d answered %s after the kill", waiter.isbn,
          waiter.index, waited).isLessThan(HANGING);
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      assertThat(response.body()).doesNotContain(bookstores.instance(killed).address);
      (waiter.isbn.equals(ownedBySurvivor) ? values : aroundOwner).add(response.body());
    }
    assertThat(values).as("the value every waiter got").hasSize(1);
    assertThat(runs("title", ownedBySurvivor, survivors))
        .as("runs on the survivors, after the killed instance's").isEqualTo(1);
    for (int index : survivors) {
      assertThat(runs("title", ownedByKilled, new int[] {index}))
          .as("runs on instance %d, whose waiters lost the key's owner", index).isEqualTo(1);
    }
    assertThat(aroundOwner).as("each survivor's waiters shared their instance's value").hasSize(2);

    afterTheOwnerWasKilled(ownedByKilled, killed, survivors);
  }

  /** The next call for a key the killed instance owned, on each survivor. */
  private void afterTheOwnerWasKilled(String isbn, int killed, int[] survivors) throws Exception {
    if (!killedInstancesLeave()) {
      for (int index : survivors) {
        int before = runs("title", isbn, new int[] {index});
        HttpResponse<String> response = bookstores.get(index, "/title?isbn=" + isbn);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(runs("title", isbn, new int[] {index}))
            .as("the key's owner is still away: instance %d computes the value, not stored", index)
            .isEqualTo(before + 1);
      }
      return;
    }
    for (int index : survivors) {
      awaitMembers(index, INSTANCES - 1);
    }
    int before = runs("title", isbn, survivors);
    String value = title(survivors[0], isbn);
    assertThat(value).doesNotContain(bookstores.instance(killed).address);
    assertThat(title(survivors[1], isbn)).isEqualTo(value);
    assertThat(runs("title", isbn, survivors))
        .as("the key's new owner grants its lease: computed once and stored").isEqualTo(before + 1);
  }

  /** A caller waiting on an instance, and when it got its answer. */
  private static final class Waiter {
    final String isbn;
    final int index;
    final CompletableFuture<HttpResponse<String>> call;
    volatile long answeredAt;

    Waiter(String isbn, int index, CompletableFuture<HttpResponse<String>> sent) {
      this.isbn = isbn;
      this.index = index;
      this.call = sent.whenComplete((response, failure) -> answeredAt = System.nanoTime());
    }
  }

  private void awaitMembers(int index, int members) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    JsonNode health;
    do {
      health = bookstores.getJson(index, "/actuator/health");
      if (health.path("components").path("peanutcache").path("details").path("members").size()
          == members) {
        return;
      }
      Thread.sleep(250);
    } while (System.nanoTime() < deadline);
    throw new AssertionError("instance " + index + " never saw " + members + " members: " + health);
  }

  /** A key no test used before. */
  private String freshKey() {
    return "isbn-" + keys.incrementAndGet();
  }

  /** A fresh key of {@code cache} that instance {@code index} owns, as its endpoint says. */
  private String keyOwnedBy(String cache, int index) throws Exception {
    while (true) {
      String isbn = freshKey();
      JsonNode owner = bookstores.getJson(index, "/actuator/peanutcache/" + cache + "?key=" + isbn);
      if (owner.get("local").asBoolean()) {
        return isbn;
      }
    }
  }

  /** The slow title of {@code isbn} on instance {@code index}, taking no time. */
  private String title(int index, String isbn) throws IOException, InterruptedException {
    HttpResponse<String> response = bookstores.get(index, "/title?isbn=" + isbn);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return response.body();
  }

  /** How many times {@code method} ran for {@code isbn}, on all the instances. */
  private int runs(String method, String isbn) throws IOException, InterruptedException {
    return runs(method, isbn, new int[] {0, 1, 2});
  }

  /** How many times {@code method} ran for {@code isbn}, on the instances given. */
  private int runs(String method, String isbn, int[] instances)
      throws IOException, InterruptedException {
    int runs = 0;
    for (int index : instances) {
      HttpResponse<String> response = bookstores.get(index, "/runs?method=" + method + "&isbn="
          + URLEncoder.encode(isbn, StandardCharsets.UTF_8));
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      runs += Integer.parseInt(response.body());
    }
    return runs;
  }
}
