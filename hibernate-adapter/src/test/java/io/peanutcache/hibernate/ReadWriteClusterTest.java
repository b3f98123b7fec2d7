package io.peanutcache.hibernate;

import static org.assertj.core.api.Assertions.assertThat;

import io.peanutcache.hibernate.shop.Product;
import io.peanutcache.hibernate.shop.Review;
import java.util.List;
import java.util.Map;
import org.hibernate.stat.Statistics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Three session factories, each on its own PeanutCache node, sharing one second-level cache over
 * one PostgreSQL database: what one node caches is a hit on the others, and a read that begins
 * after a commit never returns what the commit changed.
 */
class ReadWriteClusterTest {

  @RegisterExtension
  static final PostgresDatabase DATABASE = new PostgresDatabase();

  private static ShopNodes nodes;

  @BeforeAll
  static void start() throws Exception {
    nodes = ShopNodes.start(DATABASE, 3, ShopNodes.Factory.PEANUTCACHE, Map.of());
    nodes.inTransaction(0, session -> {
      for (long id = 1; id <= 20; id++) {
        Product product = new Product(id, "sku-" + id, 0);
        product.getReviews().add(new Review(id * 100, product, "fine " + id));
        product.getReviews().add(new Review(id * 100 + 1, product, "good " + id));
        session.persist(product);
      }
    });
  }

  @AfterAll
  static void stop() {
    if (nodes != null) {
      nodes.close();
    }
  }

  @Test
  void anEntityLoadedOnOneNodeIsAHitOnTheOthersWithoutSql() {
    nodes.fromTransaction(0, session -> session.find(Product.class, 1L));
    for (int node = 1; node < 3; node++) {
      Statistics statistics = nodes.node(node).getStatistics();
      long hits = statistics.getDomainDataRegionStatistics("products").getHitCount();
      long statements = statistics.getPrepareStatementCount();

      String sku = nodes.fromTransaction(node, session -> session.find(Product.class, 1L).getSku());
      assertThat(sku).isEqualTo("sku-1");

      assertThat(statistics.getDomainDataRegionStatistics("products").getHitCount())
          .as("node %d hit", node).isEqualTo(hits + 1);
      assertThat(statistics.getPrepareStatementCount()).as("node %d ran no SQL", node)
          .isEqualTo(statements);
    }
  }

  @Test
  void collectionNaturalIdAndQueryRegionsHitOnASecondNode() {
    nodes.inTransaction(0, session -> {
      session.find(Product.class, 2L).getReviews().size();
      session.bySimpleNaturalId(Product.class).load("sku-3");
      session.createQuery("from Product where quantity >= 0 order by id", Product.class)
          .setCacheable(true).getResultList();
    });
    Statistics statistics = nodes.node(1).getStatistics();
    long collectionHits = statistics.getDomainDataRegionStatistics("product-reviews").getHitCount();
    long naturalIdHits = statistics.getDomainDataRegionStatistics("product-skus").getHitCount();
    long queryHits = statistics.getQueryCacheHitCount();

    nodes.inTransaction(1, session -> {
      assertThat(session.find(Product.class, 2L).getReviews()).hasSize(2);
      assertThat(session.bySimpleNaturalId(Product.class).load("sku-3").getId()).isEqualTo(3L);
      List<Product> products = session
          .createQuery("from Product where quantity >= 0 order by id", Product.class)
          .setCacheable(true).getResultList();
      assertThat(products).hasSizeGreaterThanOrEqualTo(20);
    });

    assertThat(statistics.getDomainDataRegionStatistics("product-reviews").getHitCount())
        .as("collection region").isGreaterThan(collectionHits);
    assertThat(statistics.getDomainDataRegionStatistics("product-skus").getHitCount())
        .as("natural-id region").isGreaterThan(naturalIdHits);
    assertThat(statistics.getQueryCacheHitCount()).as("query region").isGreaterThan(queryHits);
  }

  @Test
  void anUpdateCommittedOnOneNodeIsWhatTheOthersReadNext() {
    nodes.fromTransaction(0, session -> session.find(Product.class, 4L));
    nodes.fromTransaction(2, session -> session.find(Product.class, 4L));

    nodes.inTransaction(1, session -> session.find(Product.class, 4L).setQuantity(44));

    int onA = nodes.fromTransaction(0, session -> session.find(Product.class, 4L).getQuantity());
    int onC = nodes.fromTransaction(2, session -> session.find(Product.class, 4L).getQuantity());
    assertThat(onA).isEqualTo(44);
    assertThat(onC).isEqualTo(44);
  }

  @Test
  void evictingAnEntityOnOneNodeEvictsItOnEveryNode() {
    nodes.fromTransaction(0, session -> session.find(Product.class, 6L));
    nodes.fromTransaction(2, session -> session.find(Product.class, 6L));
    nodes.fromTransaction(2, session -> session.find(Product.class, 7L));
    assertThat(nodes.node(0).getCache().containsEntity(Product.class, 6L)).isTrue();

    nodes.node(1).getCache().evictEntityData(Product.class, 6L);

    for (int node = 0; node < 3; node++) {
      assertThat(nodes.node(node).getCache().containsEntity(Product.class, 6L))
          .as("product 6 on node %d", node).isFalse();
      assertThat(nodes.node(node).getCache().containsEntity(Product.class, 7L))
          .as("product 7, not evicted, on node %d", node).isTrue();
    }
  }

  @Test
  void evictingARegionOnOneNodeEmptiesItOnEveryNode() {
    nodes.fromTransaction(0, session -> session.find(Product.class, 8L));
    nodes.fromTransaction(2, session -> session.find(Product.class, 9L));

    nodes.node(1).getCache().evictEntityData(Product.class);

    for (int node = 0; node < 3; node++) {
      for (long id : new long[] {8L, 9L}) {
        assertThat(nodes.node(node).getCache().containsEntity(Product.class, id))
            .as("product %d on node %d", id, node).isFalse();
      }
    }
  }

  @Test
  void noReadThatBeganAfterACommitReturnsAnOlderVersion() throws Exception {
    StaleReads.Outcome outcome = StaleReads.run(nodes, 3, 1, 5L, 300);

    assertThat(outcome.stale()).as("stale reads of %d: %s", outcome.reads(), outcome.examples())
        .isZero();
    assertThat(outcome.cacheHits()).as("the readers hit the cache between the writes")
        .isPositive();
  }
}
