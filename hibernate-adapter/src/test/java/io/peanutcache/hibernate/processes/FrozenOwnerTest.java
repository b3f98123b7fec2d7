package io.peanutcache.hibernate.processes;

import io.peanutcache.hibernate.PostgresDatabase;
import io.peanutcache.hibernate.processes.ShopProcesses.Answer;
import io.peanutcache.hibernate.processes.ShopProcesses.Node;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One JVM, the owner of some products' keys, is frozen with SIGSTOP for {@value #FROZEN_SECONDS}
 * seconds while the others update products: their transactions still commit, and once it goes on
 * (SIGCONT) no node serves a stale product.
 */
class FrozenOwnerTest {

  static final int FROZEN_SECONDS = 10;

  static final int PRODUCTS = 12;

  /**
   * How long a call waits for a connection to a peer, {@code peanutcache.connect.timeout}, 10 s
   * by default. Once pings find the frozen node's connections dead, each step of a transaction on
   * a key it owns waits this long for a new connection, which the frozen node never completes,
   * before it goes on without the node: the default made those waits half of the test's time. A
   * live node completes a connection within milliseconds, also on a busy machine.
   */
  static final String CONNECT_TIMEOUT = "2s";

  @RegisterExtension
  static final PostgresDatabase DATABASE = new PostgresDatabase();

  private static ShopProcesses shop;

  @BeforeAll
  static void start() throws Exception {
    ShopProcesses.createSchema(DATABASE, SharedCacheAcrossJvmsTest::seed);
    shop = ShopProcesses.start("frozen", DATABASE, 3,
        index -> List.of("peanutcache.connect.timeout=" + CONNECT_TIMEOUT));
  }

  @AfterAll
  static void stop() {
    if (shop != null) {
      shop.close();
    }
  }

  @Test
  void transactionsOnTheOthersCommitAndNoStaleValueIsServedOnceItGoesOn() throws Exception {
    Node a = shop.node(0);
    Node b = shop.node(1);
    Node frozen = shop.node(2);
    List<Long> ownedByFrozen = new ArrayList<>();
    for (long id = 1; id <= PRODUCTS; id++) {
      frozen.ask("load product " + id, "LOADED");
      if (a.ask("owner " + id, "OWNER id=" + id).get("node").equals(frozen.address)) {
        ownedByFrozen.add(id);
      }
    }

    frozen.freeze();
    long frozenAt = System.nanoTime();
    int cursorA = -1;
    int cursorB = -1;
    for (long id = 1; id <= PRODUCTS; id++) {
      int sent = (id % 2 == 0 ? a : b).send("write product " + id + " 2");
      if (id % 2 == 0) {
        cursorA = cursorA < 0 ? sent : cursorA;
      } else {
        cursorB = cursorB < 0 ? sent : cursorB;
      }
    }
    List<Answer> wrote = new ArrayList<>();
    for (long id = 1; id <= PRODUCTS; id++) {
      wrote.add((id % 2 == 0 ? a : b).await(id % 2 == 0 ? cursorA : cursorB,
          "WROTE entity=product id=" + id, ShopProcesses.PATIENCE));
    }
    long left = Duration.ofSeconds(FROZEN_SECONDS).toNanos() - (System.nanoTime() - frozenAt);
    if (left > 0) {
      Thread.sleep(left / 1_000_000);
    }
    frozen.thaw();
    List<Answer> failures = new ArrayList<>(a.answers(cursorA, "FAILED"));
    failures.addAll(b.answers(cursorB, "FAILED"));
    System.out.printf("products owned by the frozen node: %s; %s; failures: %s%n", ownedByFrozen,
        wrote.stream().map(Answer::line).toList(), failures.stream().map(Answer::line).toList());

    SoftAssertions softly = new SoftAssertions();
    for (Answer written : wrote) {
      softly.assertThat(written.number("failed")).as("transactions failed while node 2 was frozen"
          + " (it owns %s): %s; the first failure: %s", ownedByFrozen, written.line(),
          failures.isEmpty() ? "none" : failures.get(0).line()).isZero();
    }
    for (int node = 0; node < 3; node++) {
      for (long id = 1; id <= PRODUCTS; id++) {
        Answer loaded = shop.node(node).ask("load product " + id, "LOADED");
        softly.assertThat(loaded.number("version")).as("node %d once node 2 went on: %s", node,
            loaded.line()).isEqualTo(loaded.number("databaseVersion"));
      }
    }
    softly.assertAll();
  }
}
