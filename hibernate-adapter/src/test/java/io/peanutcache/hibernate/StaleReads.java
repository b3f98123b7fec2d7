package io.peanutcache.hibernate;

import io.peanutcache.hibernate.shop.Product;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One writer updating a product on one node while readers on the others load it: counts the
 * reads that began after a commit and still returned an older quantity.
 */
final class StaleReads {

  /** What a run saw. */
  record Outcome(long reads, long stale, long cacheHits, List<String> examples) {}

  private StaleReads() {
  }

  /**
   * Runs the writer on node {@code writer} and two reader threads on each other node.
   *
   * @param productId a product whose quantity is 0 and that no one else changes
   * @param updates how many updates the writer commits, each adding 1 to the quantity
   */
  static Outcome run(ShopNodes nodes, int size, int writer, long productId, int updates)
      throws InterruptedException {
    AtomicLong committed = new AtomicLong();
    AtomicBoolean done = new AtomicBoolean();
    AtomicLong reads = new AtomicLong();
    AtomicLong stale = new AtomicLong();
    ConcurrentLinkedQueue<String> examples = new ConcurrentLinkedQueue<>();
    long hitsBefore = hits(nodes, size, writer);
    List<Thread> readers = new ArrayList<>();
    for (int node = 0; node < size; node++) {
      if (node == writer) {
        continue;
      }
      int reader = node;
      for (int t = 0; t < 2; t++) {
        Thread thread = new Thread(() -> {
          while (!done.get()) {
            long before = committed.get();
            int quantity = nodes.fromTransaction(reader,
                session -> session.find(Product.class, productId).getQuantity());
            reads.incrementAndGet();
            if (quantity < before) {
              stale.incrementAndGet();
              if (examples.size() < 5) {
                examples.add("node " + reader + " loaded quantity " + quantity
                    + " after the database had committed " + before);
              }
            }
          }
        }, "reader-" + reader + "-" + t);
        thread.start();
        readers.add(thread);
      }
    }
    try {
      for (int i = 1; i <= updates; i++) {
        nodes.inTransaction(writer, session -> {
          Product product = session.find(Product.class, productId);
          product.setQuantity(product.getQuantity() + 1);
        });
        committed.set(i);
      }
    } finally {
      done.set(true);
      for (Thread reader : readers) {
        reader.join();
      }
    }
    return new Outcome(reads.get(), stale.get(), hits(nodes, size, writer) - hitsBefore,
        List.copyOf(examples));
  }

  private static long hits(ShopNodes nodes, int size, int writer) {
    long hits = 0;
    for (int node = 0; node < size; node++) {
      if (node != writer) {
        hits += nodes.node(node).getStatistics().getSecondLevelCacheHitCount();
      }
    }
    return hits;
  }
}
