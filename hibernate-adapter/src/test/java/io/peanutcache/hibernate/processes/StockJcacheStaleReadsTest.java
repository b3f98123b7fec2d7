package io.peanutcache.hibernate.processes;

import io.peanutcache.hibernate.PostgresDatabase;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The read-write scenario of {@link SharedCacheAcrossJvmsTest} with Hibernate's own {@code jcache}
 * region factory over PeanutCache, for comparison: it prints how many reads that began after a
 * commit returned an older version. It asserts nothing about them: Hibernate's read-write strategy
 * reads then writes each soft-lock step from the caller, which two JVMs interleave, so some are
 * expected; the number is the evidence for why this adapter runs each step on the key's owner.
 */
class StockJcacheStaleReadsTest {

  @RegisterExtension
  static final PostgresDatabase DATABASE = new PostgresDatabase();

  private static ShopProcesses shop;

  @BeforeAll
  static void start() throws Exception {
    ShopProcesses.createSchema(DATABASE, SharedCacheAcrossJvmsTest::seed);
    shop = ShopProcesses.start("stock", DATABASE, 3, ShopProcesses.Factory.STOCK_JCACHE,
        index -> List.of());
  }

  @AfterAll
  static void stop() {
    if (shop != null) {
      shop.close();
    }
  }

  @Test
  void countsTheStaleReadsOfHibernatesOwnReadWriteStrategy() throws Exception {
    SharedCacheAcrossJvmsTest.Run run = SharedCacheAcrossJvmsTest.readWhileWriting(shop, "product",
        1, SharedCacheAcrossJvmsTest.PRODUCT_UPDATES);
    long stale = run.reads().stream().mapToLong(read -> read.number("stale")).sum();
    long reads = run.reads().stream().mapToLong(read -> read.number("reads")).sum();
    long hits = run.reads().stream().mapToLong(read -> read.number("hits")).sum();
    System.out.printf("STOCK JCACHE: %d stale reads of %d (%d cache hits) while %s%n", stale,
        reads, hits, run.wrote().line());
  }
}
