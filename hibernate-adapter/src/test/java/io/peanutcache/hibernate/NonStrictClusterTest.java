package io.peanutcache.hibernate;

import static org.assertj.core.api.Assertions.assertThat;

import io.peanutcache.hibernate.shop.Note;
import java.util.Map;
import org.hibernate.stat.Statistics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Nonstrict read-write on three nodes: what one node caches is a hit on the others, and a change
 * on one node evicts the key for all. (That a load which began before an eviction is refused is
 * {@code NonStrictStepsTest}'s.)
 */
class NonStrictClusterTest {

  @RegisterExtension
  static final PostgresDatabase DATABASE = new PostgresDatabase();

  private static ShopNodes nodes;

  @BeforeAll
  static void start() throws Exception {
    nodes = ShopNodes.start(DATABASE, 3, ShopNodes.Factory.PEANUTCACHE, Map.of());
    nodes.inTransaction(0, session -> {
      for (long id = 1; id <= 5; id++) {
        session.persist(new Note(id, "note " + id));
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
  void aNoteCachedOnOneNodeIsAHitOnTheOthersAndAChangeIsSeenByAll() {
    nodes.fromTransaction(0, session -> session.find(Note.class, 1L));
    Statistics statistics = nodes.node(2).getStatistics();
    long hits = statistics.getDomainDataRegionStatistics("notes").getHitCount();
    String cached = nodes.fromTransaction(2, session -> session.find(Note.class, 1L).getText());
    assertThat(cached).isEqualTo("note 1");
    assertThat(statistics.getDomainDataRegionStatistics("notes").getHitCount()).isEqualTo(hits + 1);

    nodes.inTransaction(1, session -> session.find(Note.class, 1L).setText("changed"));

    String onA = nodes.fromTransaction(0, session -> session.find(Note.class, 1L).getText());
    String onC = nodes.fromTransaction(2, session -> session.find(Note.class, 1L).getText());
    assertThat(onA).isEqualTo("changed");
    assertThat(onC).isEqualTo("changed");
  }
}
