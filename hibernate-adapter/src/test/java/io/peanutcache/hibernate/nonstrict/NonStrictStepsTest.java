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
    return region.invoke(KEY, new PutUnlessEvicted(value, txTimestamp, minimalPut));
  }

  @Test
  void aLoadThatBeganBeforeTheLatestEvictionIsNotCached() {
    assertThat(putFromLoad("v1", 100, false)).isTrue();

    region.invoke(KEY, new Evict(new Evicted(200)));

    assertThat(region.get(KEY)).isEqualTo(new Evicted(200));
    assertThat(putFromLoad("read before the change committed", 150, false)).isFalse();
    assertThat(putFromLoad("read at the eviction", 200, false)).isFalse();
    assertThat(putFromLoad("v2", 201, false)).isTrue();
    assertThat(region.get(KEY)).isEqualTo(new Loaded("v2", new Evicted(200)));
  }

  @Test
  void aLoadThatBeganBeforeTheLatestEvictionIsNotCachedOverALaterLoad() {
    region.invoke(KEY, new Evict(new Evicted(200)));
    assertThat(putFromLoad("v2", 201, false)).isTrue();

    assertThat(putFromLoad("read before the change committed", 150, false)).isFalse();
    assertThat(region.get(KEY)).isEqualTo(new Loaded("v2", new Evicted(200)));
  }

  @Test
  void anEarlierEvictionNeverReplacesALaterOne() {
    region.invoke(KEY, new Evict(new Evicted(300)));
    region.invoke(KEY, new Evict(new Evicted(200)));

    assertThat(region.get(KEY)).isEqualTo(new Evicted(300));
  }

  @Test
  void aMinimalPutLeavesACachedValueButNotAnEviction() {
    putFromLoad("v1", 100, false);
    assertThat(putFromLoad("v1 again", 150, true)).isFalse();

    region.invoke(KEY, new Evict(new Evicted(200)));
    assertThat(putFromLoad("v2", 250, true)).isTrue();
  }
}
