package io.peanutcache.hibernate.nonstrict;

import static org.assertj.core.api.Assertions.assertThat;

import io.peanutcache.spi.PeanutCachingProvider;
import java.net.URI;
import java.util.UUID;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The nonstrict steps: an eviction leaves its time, and loads that began before it are refused. */
class NonStrictStepsTest {

  private static final String KEY = "note#1";

  private CacheManager manager;
  private Cache<Object, Object> region;

  @BeforeEach
  void open() {
    manager = Caching.getCachingProvider(PeanutCachingProvider.class.getName())
        .getCacheManager(URI.create("urn:nonstrict-steps:" + UUID.randomUUID()), getClass().getClassLoader());
    region = manager.createCache("notes", new MutableConfiguration<>());
  }

  @AfterEach
  void close() {
    manager.close();
  }

  private boolean putFromLoad(Object value, long txTimestamp, boolean minimalPut) {
    return region.invoke(KEY, new PutUnlessEvicted(value, txTimestamp, minimalPut, null));
  }

  @Test
  void aLoadThatBeganBeforeTheLatestEvictionIsNotCached() {
    assertThat(putFromLoad("v1", 100, false)).isTrue();
    Evicted evicted = new Evicted(200);

    region.invoke(KEY, new Evict(evicted));

    assertThat(region.get(KEY)).isEqualTo(evicted);
    assertThat(putFromLoad("read before the change committed", 150, false)).isFalse();
    assertThat(putFromLoad("read at the eviction", 200, false)).isFalse();
    assertThat(putFromLoad("v2", 201, false)).isTrue();
    assertThat(region.get(KEY)).isEqualTo(new Loaded("v2", evicted));
  }

  @Test
  void aLoadThatBeganBeforeTheLatestEvictionIsNotCachedOverALaterLoad() {
    Evicted evicted = new Evicted(200);
    region.invoke(KEY, new Evict(evicted));
    assertThat(putFromLoad("v2", 201, false)).isTrue();

    assertThat(putFromLoad("read before the change committed", 150, false)).isFalse();
    assertThat(region.get(KEY)).isEqualTo(new Loaded("v2", evicted));
  }

  @Test
  void aLoadAfterAMissIsCachedOnlyIfNoEvictionCameSinceWhateverTheClocksSay() {
    Evicted seen = new Evicted(200);
    region.invoke(KEY, new Evict(seen));

    assertThat(region.invoke(KEY, new PutUnlessEvicted("v1", 150, false, new Miss(seen))))
        .as("no eviction since the miss, though the transaction's clock is behind").isTrue();

    Evicted since = new Evicted(300);
    region.invoke(KEY, new Evict(since));
    assertThat(region.invoke(KEY, new PutUnlessEvicted("read before the change", 400, false,
        new Miss(seen)))).as("an eviction came since the miss, though the clock is ahead").isFalse();
    assertThat(region.invoke(KEY, new PutUnlessEvicted("v2", 310, false, new Miss(since)))).isTrue();
    assertThat(region.invoke(KEY, new PutUnlessEvicted("v2 again", 320, false, new Miss(null))))
        .as("a miss that saw nothing, where an eviction is now").isFalse();
  }

  @Test
  void anEvictionFromAClockThatReadsEarlierKeepsTheLaterTime() {
    Evicted later = new Evicted(300);
    region.invoke(KEY, new Evict(later));
    Evicted earlier = new Evicted(200);
    region.invoke(KEY, new Evict(earlier));

    assertThat(region.get(KEY)).as("the latest time, the new eviction's identity")
        .isEqualTo(new Evicted(300, earlier.id()));
  }

  @Test
  void aMinimalPutLeavesACachedValueButNotAnEviction() {
    putFromLoad("v1", 100, false);
    assertThat(putFromLoad("v1 again", 150, true)).isFalse();

    region.invoke(KEY, new Evict(new Evicted(200)));
    assertThat(putFromLoad("v2", 250, true)).isTrue();
  }
}
