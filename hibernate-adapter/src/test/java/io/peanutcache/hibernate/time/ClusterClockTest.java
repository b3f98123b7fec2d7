package io.peanutcache.hibernate.time;

import static org.assertj.core.api.Assertions.assertThat;

import io.peanutcache.spi.PeanutCachingProvider;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Timestamps on the reference clock: in Hibernate's format, and never going back. */
class ClusterClockTest {

  private CacheManager manager;

  @BeforeEach
  void open() {
    manager = Caching.getCachingProvider(PeanutCachingProvider.class.getName())
        .getCacheManager(URI.create("urn:cluster-clock:" + UUID.randomUUID()), getClass().getClassLoader());
  }

  @AfterEach
  void close() {
    WallClock.use(Clock.systemUTC());
    manager.close();
  }

  @Test
  void timestampsAreMillisecondsOfTheReferenceShiftedAsHibernateExpects() {
    try (ClusterClock clock = new ClusterClock(manager.createCache("clock", new MutableConfiguration<>()))) {
      long before = System.currentTimeMillis();
      long timestamp = clock.next();
      long after = System.currentTimeMillis();

      assertThat(timestamp >> ClusterClock.BITS).isBetween(before - 50, after + 50);
      assertThat(clock.offsetMillis()).as("this node is the reference").isBetween(-50L, 50L);
    }
  }

  @Test
  void timestampsNeverGoBackEvenWhenTheReferenceClockDoes() {
    try (ClusterClock clock = new ClusterClock(manager.createCache("clock", new MutableConfiguration<>()))) {
      long previous = clock.next();
      for (int i = 0; i < 10_000; i++) {
        long next = clock.next();
        assertThat(next).isGreaterThan(previous);
        previous = next;
      }

      WallClock.use(Clock.offset(Clock.systemUTC(), Duration.ofSeconds(-5)));
      clock.sync();

      assertThat(clock.next()).as("after the reference went 5 s back").isGreaterThan(previous);
    }
  }

  @Test
  void aReferenceThatCannotBeReadKeepsTheLastOffset() {
    javax.cache.Cache<Object, Object> clocks = manager.createCache("clock", new MutableConfiguration<>());
    try (ClusterClock clock = new ClusterClock(clocks)) {
      long offset = clock.offsetMillis();
      manager.destroyCache("clock");

      clock.sync();

      assertThat(clock.offsetMillis()).isEqualTo(offset);
      assertThat(clock.next()).isPositive();
    }
  }
}
