package io.peanutcache.hibernate.processes;

import static org.assertj.core.api.Assertions.assertThat;

import io.peanutcache.hibernate.PostgresDatabase;
import io.peanutcache.hibernate.processes.ShopProcesses.Answer;
import io.peanutcache.hibernate.processes.ShopProcesses.Node;
import io.peanutcache.hibernate.shop.Product;
import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The query cache on three JVMs whose third node's clock is off by a few seconds (given to its
 * region factory as {@code peanutcache.hibernate.clock}): a cached query run after another node's
 * commit reflects it, whichever node cached the query and whichever committed.
 */
class SkewedClockQueryCacheTest {

  @RegisterExtension
  static final PostgresDatabase DATABASE = new PostgresDatabase();

  @ParameterizedTest(name = "node 2''s clock off by {0}")
  @ValueSource(strings = {"PT5S", "PT-5S"})
  void aCachedQueryReflectsEveryCommitThatPrecededIt(String offset) throws Exception {
    ShopProcesses.createSchema(DATABASE, session -> {
      for (long id = 1; id <= 3; id++) {
        session.persist(new Product(id, "q-" + id, 1));
      }
    });
    try (ShopProcesses shop = ShopProcesses.start("skew" + offset, DATABASE, 3,
                index -> index == 2 ? List.of(ShopNodeMain.CLOCK_OFFSET + "=" + offset) : List.of())) {
      Node a = shop.node(0);
      Node b = shop.node(1);
      Node skewed = shop.node(2);

      cached(a);
      b.ask("set 1 10", "SET");
      current(a);
      b.ask("insert 4 q-4 4", "INSERTED");
      current(a);

      cached(skewed);
      b.ask("set 2 20", "SET");
      current(skewed);
      current(a);
      a.ask("insert 5 q-5 5", "INSERTED");
      current(skewed);
      current(b);

      cached(a);
      skewed.ask("set 3 30", "SET");
      current(a);
      current(b);
      skewed.ask("insert 6 q-6 6", "INSERTED");
      current(a);
    }
  }

  /** Runs the query on {@code node} until its query cache hits. */
  private static void cached(Node node) throws InterruptedException {
    current(node);
    Answer second = current(node);
    for (int retry = 0; retry < 20 && !second.get("hit").equals("true"); retry++) {
      Thread.sleep(500);
      second = current(node);
    }
    assertThat(second.get("hit")).as("node %d caches the query: %s", node.index, second.line())
        .isEqualTo("true");
  }

  /** Runs the query on {@code node} and asserts that its result is the database's. */
  private static Answer current(Node node) throws InterruptedException {
    Answer queried = node.ask("query", "QUERIED");
    assertThat(queried.number("rows")).as("node %d: %s", node.index, queried.line())
        .isEqualTo(queried.number("databaseRows"));
    assertThat(queried.number("sum")).as("node %d: %s", node.index, queried.line())
        .isEqualTo(queried.number("databaseSum"));
    return queried;
  }
}
