package io.peanutcache.hibernate.processes;

import static org.assertj.core.api.Assertions.assertThat;

import io.peanutcache.hibernate.PostgresDatabase;
import io.peanutcache.hibernate.processes.ShopProcesses.Answer;
import io.peanutcache.hibernate.processes.ShopProcesses.Node;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A JVM that holds a soft lock dies: the transaction that flushed an update of a read-write
 * product, not yet committed, is killed with SIGKILL. The other JVMs read the committed value from
 * the database at once, and cache it again once the lock times out
 * ({@code peanutcache.hibernate.lock-timeout}, shortened here to {@value #LOCK_TIMEOUT}).
 */
class SoftLockHolderCrashTest {

  /** How long a soft lock lasts when its holder never releases it. */
  static final String LOCK_TIMEOUT = "3s";

  /** How long the lock may take to time out and the value to be cached again: ample. */
  static final Duration RECACHED_WITHIN = Duration.ofSeconds(60);

  @RegisterExtension
  static final PostgresDatabase DATABASE = new PostgresDatabase();

  private static ShopProcesses shop;

  @BeforeAll
  static void start() throws Exception {
    ShopProcesses.createSchema(DATABASE, SharedCacheAcrossJvmsTest::seed);
    shop = ShopProcesses.start("crash", DATABASE, 3,
        index -> List.of("peanutcache.hibernate.lock-timeout=" + LOCK_TIMEOUT));
  }

  @AfterAll
  static void stop() {
    if (shop != null) {
      shop.close();
    }
  }

  @Test
  void theOthersReadTheCommittedValueAtOnceAndCacheItAgainAfterTheLockTimeout() throws Exception {
    Node a = shop.node(0);
    Node holder = shop.node(1);
    Node c = shop.node(2);
    long id = productOwnedBy(a, c);
    a.ask("load product " + id, "LOADED");
    assertThat(c.ask("load product " + id, "LOADED").get("hit")).as("cached before the crash")
        .isEqualTo("true");

    Answer holding = holder.ask("begin-update " + id, "HOLDING");
    assertThat(holding.number("quantity")).isEqualTo(1);
    holder.kill();

    for (Node reader : List.of(a, c)) {
      Answer loaded = reader.ask("load product " + id, "LOADED");
      assertThat(loaded.number("quantity")).as("the committed quantity, on node %d: %s",
          reader.index, loaded.line()).isZero();
      assertThat(loaded.number("version")).as(loaded.line()).isEqualTo(loaded.number("databaseVersion"));
    }

    long deadline = System.nanoTime() + RECACHED_WITHIN.toNanos();
    Answer loaded;
    do {
      Thread.sleep(500);
      loaded = a.ask("load product " + id, "LOADED");
      assertThat(loaded.number("quantity")).as(loaded.line()).isZero();
    } while (!loaded.get("hit").equals("true") && System.nanoTime() < deadline);
    assertThat(loaded.get("hit")).as("cached again within %s of a %s lock timeout: %s",
        RECACHED_WITHIN, LOCK_TIMEOUT, loaded.line()).isEqualTo("true");
    assertThat(c.ask("load product " + id, "LOADED").get("hit")).as("a hit on node 2 too")
        .isEqualTo("true");
  }

  /**
   * A product whose key {@code owner} owns: the soft lock lives on the key's owner, which must
   * outlive the holder for the lock to time out (with a static peer list, a killed owner stays in
   * the view, and the keys it owned are read from the database until it is back).
   */
  private static long productOwnedBy(Node owner, Node asked) throws InterruptedException {
    for (long id = 1; id <= 20; id++) {
      if (asked.ask("owner " + id, "OWNER id=" + id).get("node").equals(owner.address)) {
        return id;
      }
    }
    throw new AssertionError("none of products 1 to 20 is owned by " + owner.address);
  }
}
