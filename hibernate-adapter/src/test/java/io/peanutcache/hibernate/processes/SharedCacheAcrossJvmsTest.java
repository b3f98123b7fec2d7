package io.peanutcache.hibernate.processes;

import static org.assertj.core.api.Assertions.assertThat;

import io.peanutcache.hibernate.PostgresDatabase;
import io.peanutcache.hibernate.processes.ShopProcesses.Answer;
import io.peanutcache.hibernate.processes.ShopProcesses.Node;
import io.peanutcache.hibernate.shop.Note;
import io.peanutcache.hibernate.shop.Product;
import io.peanutcache.hibernate.shop.Review;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Three shop nodes, each a JVM with its own session factory on its own PeanutCache node, over one
 * PostgreSQL database: a read that began after a commit never returns what the commit replaced,
 * writers leave no soft lock behind, and what one JVM caches is a hit on another.
 */
class SharedCacheAcrossJvmsTest {

  /** How many updates of a product the writer commits while the readers load it. */
  static final int PRODUCT_UPDATES = 2000;

  /** How many updates of a note the writer commits while the readers load it. */
  static final int NOTE_UPDATES = 500;

  /** Reader threads on each reading node. */
  static final int READERS = 3;

  @RegisterExtension
  static final PostgresDatabase DATABASE = new PostgresDatabase();

  private static ShopProcesses shop;

  @BeforeAll
  static void start() throws Exception {
    ShopProcesses.createSchema(DATABASE, SharedCacheAcrossJvmsTest::seed);
    shop = ShopProcesses.start("shared", DATABASE, 3,
        index -> List.of());
  }

  /** Products 1 to 20 with two reviews each, notes 1 to 5. */
  static void seed(org.hibernate.Session session) {
    for (long id = 1; id <= 20; id++) {
      Product product = new Product(id, "sku-" + id, 0);
      product.getReviews().add(new Review(id * 100, product, "fine " + id));
      product.getReviews().add(new Review(id * 100 + 1, product, "good " + id));
      session.persist(product);
    }
    for (long id = 1; id <= 5; id++) {
      session.persist(new Note(id, "note " + id));
    }
  }

  @AfterAll
  static void stop() {
    if (shop != null) {
      shop.close();
    }
  }

  @Test
  void noProductReadThatBeganAfterACommitReturnsAnOlderVersion() throws Exception {
    Run run = readWhileWriting(shop, "product", 1, PRODUCT_UPDATES);

    for (Answer read : run.reads()) {
      assertThat(read.number("stale")).as("stale reads: %s", read.line()).isZero();
      assertThat(read.number("errors")).as("failed reads: %s", read.line()).isZero();
      assertThat(read.number("hits")).as("the readers hit the cache: %s", read.line()).isPositive();
    }
    assertThat(run.wrote().number("committed")).as(run.wrote().line()).isEqualTo(PRODUCT_UPDATES);
    assertEveryNodeLoadsTheLastCommit("product", 1);
  }

  /**
   * Nonstrict read-write allows one window: a read that begins between a commit and the eviction
   * that follows it (the time to reach the key's owner) may return the version the commit
   * replaced. Never an older one, never to the writer (whose next update would fail), and never
   * once the writes have stopped.
   */
  @Test
  void noNoteReadReturnsMoreThanTheVersionTheLatestCommitReplaced() throws Exception {
    Run run = readWhileWriting(shop, "note", 1, NOTE_UPDATES);

    for (Answer read : run.reads()) {
      assertThat(read.number("maxLag")).as("versions behind the database: %s", read.line())
          .isLessThanOrEqualTo(1);
      assertThat(read.number("errors")).as("failed reads: %s", read.line()).isZero();
      assertThat(read.number("hits")).as("the readers hit the cache: %s", read.line()).isPositive();
    }
    assertThat(run.wrote().number("committed")).as("the writer read no stale note: %s",
        run.wrote().line()).isEqualTo(NOTE_UPDATES);
    assertEveryNodeLoadsTheLastCommit("note", 1);
  }

  /** What the writer and each reading node answered. */
  record Run(Answer wrote, List<Answer> reads) {}

  /**
   * Starts {@value #READERS} readers of the entity on nodes 0 and 2, makes node 1 commit
   * {@code updates} updates of it, and stops the readers.
   */
  static Run readWhileWriting(ShopProcesses shop, String entity, long id, int updates)
      throws InterruptedException {
    Node writer = shop.node(1);
    List<Node> readers = List.of(shop.node(0), shop.node(2));
    for (Node reader : readers) {
      reader.ask("read " + entity + " " + id + " " + READERS, "READING");
    }
    long started = System.nanoTime();
    Answer wrote = writer.ask("write " + entity + " " + id + " " + updates,
        "WROTE entity=" + entity + " id=" + id);
    long seconds = (System.nanoTime() - started) / 1_000_000_000L;
    List<Answer> reads = new ArrayList<>();
    for (Node reader : readers) {
      reads.add(reader.ask("stop-reads", "READ"));
    }
    System.out.printf("%s: %d updates in %d s; %s; %s%n", entity, updates, seconds, wrote.line(),
        reads.stream().map(Answer::line).toList());
    for (Answer read : reads) {
      assertThat(read.number("reads")).as(read.line()).isPositive();
    }
    return new Run(wrote, reads);
  }

  private static void assertEveryNodeLoadsTheLastCommit(String entity, long id)
      throws InterruptedException {
    for (int node = 0; node < 3; node++) {
      Answer loaded = shop.node(node).ask("load " + entity + " " + id, "LOADED");
      assertThat(loaded.number("version")).as("node %d: %s", node, loaded.line())
          .isEqualTo(loaded.number("databaseVersion"));
    }
  }

  @Test
  void noSoftLockIsLeftBehindOnceWritersOnEveryNodeStop() throws Exception {
    List<Long> products = List.of(10L, 11L, 12L);
    Map<Node, Integer> cursors = new LinkedHashMap<>();
    for (int node = 0; node < 3; node++) {
      Node writer = shop.node(node);
      int cursor = -1;
      for (long id : products) {
        int sent = writer.send("write product " + id + " 60");
        cursor = cursor < 0 ? sent : cursor;
      }
      cursors.put(writer, cursor);
    }
    long committed = 0;
    for (Map.Entry<Node, Integer> writer : cursors.entrySet()) {
      for (long id : products) {
        committed += writer.getKey().await(writer.getValue(), "WROTE entity=product id=" + id,
            ShopProcesses.PATIENCE).number("committed");
      }
    }
    assertThat(committed).as("commits of the concurrent writers").isPositive();

    for (int node = 0; node < 3; node++) {
      Answer locks = shop.node(node).ask("locks", "LOCKS");
      assertThat(locks.number("held")).as("node %d: %s", node, locks.line()).isZero();
    }
    for (long id : products) {
      Answer first = shop.node(0).ask("load product " + id, "LOADED");
      assertThat(first.number("version")).as(first.line()).isEqualTo(first.number("databaseVersion"));
      for (int node = 0; node < 3; node++) {
        Answer second = shop.node(node).ask("load product " + id, "LOADED");
        assertThat(second.get("hit")).as("node %d loads it from the cache: %s", node, second.line())
            .isEqualTo("true");
        assertThat(second.number("version")).as(second.line())
            .isEqualTo(second.number("databaseVersion"));
      }
    }
  }

  @Test
  void collectionNaturalIdAndQueryRegionsHitOnASecondJvm() throws Exception {
    shop.node(0).ask("browse 2 sku-3", "BROWSED");

    for (int node = 1; node < 3; node++) {
      Answer browsed = shop.node(node).ask("browse 2 sku-3", "BROWSED");
      assertThat(browsed.number("reviews")).as(browsed.line()).isEqualTo(2);
      assertThat(browsed.number("naturalIdFound")).as(browsed.line()).isEqualTo(3);
      assertThat(browsed.number("products")).as(browsed.line()).isEqualTo(20);
      assertThat(browsed.number("collectionHits")).as("collection region on node %d: %s", node,
          browsed.line()).isPositive();
      assertThat(browsed.number("naturalIdHits")).as("natural-id region on node %d: %s", node,
          browsed.line()).isPositive();
      assertThat(browsed.number("queryHits")).as("query region on node %d: %s", node,
          browsed.line()).isPositive();
    }
  }
}
