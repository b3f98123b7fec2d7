package io.peanutcache.hibernate;

import static org.assertj.core.api.Assertions.assertThat;

import io.peanutcache.PeanutConfiguration;
import io.peanutcache.hibernate.shop.Note;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Persistence;
import java.util.Map;
import java.util.OptionalLong;
import org.hibernate.SessionFactory;
import org.hibernate.cache.spi.CacheImplementor;
import org.hibernate.stat.Statistics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The adapter selected in a JPA {@code persistence.xml}, bootstrapped through JPA alone. */
class PersistenceXmlTest {

  @RegisterExtension
  static final PostgresDatabase DATABASE = new PostgresDatabase();

  @Test
  void aPersistenceUnitCachesItsEntitiesOnPeanutCache() {
    EntityManagerFactory factory = Persistence.createEntityManagerFactory("shop", Map.of(
        "jakarta.persistence.jdbc.url", DATABASE.url(),
        "jakarta.persistence.jdbc.user", DATABASE.user()));
    try {
      SessionFactory sessions = factory.unwrap(SessionFactory.class);
      PeanutRegionFactory regions = (PeanutRegionFactory) sessions.getCache()
          .unwrap(CacheImplementor.class).getRegionFactory();
      assertThat(regions.getCacheManager().getCache("notes")
          .getConfiguration(PeanutConfiguration.class).getMaximumEntries())
          .as("a per-region setting from the unit's properties").isEqualTo(OptionalLong.of(1000));

      inTransaction(factory, entities -> entities.persist(new Note(1L, "kept")));
      inTransaction(factory, entities -> entities.find(Note.class, 1L));
      Statistics statistics = sessions.getStatistics();
      long hits = statistics.getDomainDataRegionStatistics("notes").getHitCount();
      inTransaction(factory, entities ->
          assertThat(entities.find(Note.class, 1L).getText()).isEqualTo("kept"));

      assertThat(statistics.getDomainDataRegionStatistics("notes").getHitCount()).isEqualTo(hits + 1);
    } finally {
      factory.close();
    }
  }

  private static void inTransaction(EntityManagerFactory factory,
      java.util.function.Consumer<EntityManager> work) {
    EntityManager entities = factory.createEntityManager();
    try {
      entities.getTransaction().begin();
      work.accept(entities);
      entities.getTransaction().commit();
    } finally {
      entities.close();
    }
  }
}
