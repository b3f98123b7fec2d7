package io.peanutcache.hibernate;

import io.peanutcache.hibernate.shop.Product;
import java.util.Map;

/**
 * Counts stale reads with this adapter and with Hibernate's own {@code jcache} region factory over
 * PeanutCache, on three nodes in this JVM, against PostgreSQL:
 * {@code java -cp <test class path> io.peanutcache.hibernate.StaleReadsComparison [updates] [runs]}.
 */
public final class StaleReadsComparison {

  private StaleReadsComparison() {
  }

  public static void main(String[] args) throws Exception {
    int updates = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    for (ShopNodes.Factory factory : ShopNodes.Factory.values()) {
      for (int run = 1; run <= runs; run++) {
        PostgresDatabase database = new PostgresDatabase();
        database.beforeAll(null);
        try (ShopNodes nodes = ShopNodes.start(database, 3, factory, Map.of())) {
          nodes.inTransaction(0, session -> session.persist(new Product(1L, "sku-1", 0)));
          long started = System.nanoTime();
          StaleReads.Outcome outcome = StaleReads.run(nodes, 3, 1, 1L, updates);
          System.out.printf("RESULT %s run %d: %d updates, %d reads, %d stale, %d cache hits,"
              + " %.1f s %s%n", factory, run, updates, outcome.reads(), outcome.stale(),
              outcome.cacheHits(), (System.nanoTime() - started) / 1e9, outcome.examples());
        } finally {
          database.afterAll(null);
        }
      }
    }
  }
}
