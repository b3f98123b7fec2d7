package io.peanutcache.config;

import static io.peanutcache.config.TestSettingsFiles.load;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.peanutcache.PeanutConfiguration;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.expiry.AccessedExpiryPolicy;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import javax.cache.expiry.EternalExpiryPolicy;
import javax.cache.expiry.ExpiryPolicy;
import javax.cache.expiry.ModifiedExpiryPolicy;
import javax.cache.expiry.TouchedExpiryPolicy;
import javax.cache.integration.CacheLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CacheSettingsTest {

  @TempDir
  Path directory;

  private PeanutConfiguration<Object, Object> scores(String... lines) {
    return load(directory, lines).cacheConfiguration("scores").orElseThrow();
  }

  @Test
  void readsKeyAndValueTypes() {
    PeanutConfiguration<Object, Object> scores = scores(
        "peanutcache.cache.scores.key-type=java.lang.String",
        "peanutcache.cache.scores.value-type=java.util.List");

    assertEquals(String.class, scores.getKeyType());
    assertEquals(java.util.List.class, scores.getValueType());
  }

  @Test
  void readsNestedClassByItsBinaryName() {
    PeanutConfiguration<Object, Object> scores =
        scores("peanutcache.cache.scores.value-type=java.util.Map$Entry");

    assertEquals(java.util.Map.Entry.class, scores.getValueType());
  }

  @Test
  void readsBooleanSettingsInAnyCase() {
    PeanutConfiguration<Object, Object> scores = scores(
        "peanutcache.cache.scores.store-by-value=FALSE",
        "peanutcache.cache.scores.read-through=True",
        "peanutcache.cache.scores.write-through=true",
        "peanutcache.cache.scores.statistics=tRUE",
        "peanutcache.cache.scores.management=true");

    assertFalse(scores.isStoreByValue());
    assertTrue(scores.isReadThrough());
    assertTrue(scores.isWriteThrough());
    assertTrue(scores.isStatisticsEnabled());
    assertTrue(scores.isManagementEnabled());
  }

  @Test
  void trimsValues() {
    PeanutConfiguration<Object, Object> scores = scores(
        "peanutcache.cache.scores.statistics =   true   ",
        "peanutcache.cache.scores.maximum-entries=\t42 \t");

    assertTrue(scores.isStatisticsEnabled());
    assertEquals(OptionalLong.of(42), scores.getMaximumEntries());
  }

  @Test
  void readsLoaderAsAFactoryOfThatLoader() {
    PeanutConfiguration<Object, Object> scores =
        scores("peanutcache.cache.scores.loader=io.peanutcache.config.FixedValueLoader");

    assertEquals(FactoryBuilder.factoryOf(FixedValueLoader.class.getName()),
        scores.getCacheLoaderFactory());
    CacheLoader<Object, Object> loader = scores.getCacheLoaderFactory().create();
    assertInstanceOf(FixedValueLoader.class, loader);
    assertEquals("loaded 7", loader.load(7));
  }

  @Test
  void readsWriterAsAFactoryOfThatWriter() {
    PeanutConfiguration<Object, Object> scores =
        scores("peanutcache.cache.scores.writer=io.peanutcache.config.DiscardingWriter");

    assertInstanceOf(DiscardingWriter.class, scores.getCacheWriterFactory().create());
  }

  @Test
  void readsEternalExpiry() {
    PeanutConfiguration<Object, Object> scores = scores(
        "peanutcache.cache.scores.expiry=eternal");

    ExpiryPolicy policy = scores.getExpiryPolicyFactory().create();
    assertInstanceOf(EternalExpiryPolicy.class, policy);
    assertEquals(Duration.ETERNAL, policy.getExpiryForCreation());
  }

  @Test
  void createdExpiryExpiresTheDeclaredTimeAfterCreation() {
    ExpiryPolicy policy = scores("peanutcache.cache.scores.expiry=created 10m")
        .getExpiryPolicyFactory().create();

    assertInstanceOf(CreatedExpiryPolicy.class, policy);
    assertEquals(new Duration(TimeUnit.MINUTES, 10), policy.getExpiryForCreation());
    assertNull(policy.getExpiryForAccess());
    assertNull(policy.getExpiryForUpdate());
  }

  @Test
  void accessedExpiryExpiresTheDeclaredTimeAfterAccess() {
    ExpiryPolicy policy = scores("peanutcache.cache.scores.expiry=accessed PT30S")
        .getExpiryPolicyFactory().create();

    assertInstanceOf(AccessedExpiryPolicy.class, policy);
    assertEquals(new Duration(TimeUnit.SECONDS, 30), policy.getExpiryForCreation());
    assertEquals(new Duration(TimeUnit.SECONDS, 30), policy.getExpiryForAccess());
    assertNull(policy.getExpiryForUpdate());
  }

  @Test
  void modifiedExpiryExpiresTheDeclaredTimeAfterUpdate() {
    ExpiryPolicy policy = scores("peanutcache.cache.scores.expiry=modified 1500ms")
        .getExpiryPolicyFactory().create();

    assertInstanceOf(ModifiedExpiryPolicy.class, policy);
    assertEquals(new Duration(TimeUnit.MILLISECONDS, 1500), policy.getExpiryForCreation());
    assertNull(policy.getExpiryForAccess());
    assertEquals(new Duration(TimeUnit.MILLISECONDS, 1500), policy.getExpiryForUpdate());
  }

  @Test
  void touchedExpiryExpiresTheDeclaredTimeAfterAnyUse() {
    ExpiryPolicy policy = scores("peanutcache.cache.scores.expiry=Touched   2d")
        .getExpiryPolicyFactory().create();

    assertInstanceOf(TouchedExpiryPolicy.class, policy);
    assertEquals(new Duration(TimeUnit.DAYS, 2), policy.getExpiryForCreation());
    assertEquals(new Duration(TimeUnit.DAYS, 2), policy.getExpiryForAccess());
    assertEquals(new Duration(TimeUnit.DAYS, 2), policy.getExpiryForUpdate());
  }

  @Test
  void expiryDurationIsWrittenInItsCoarsestExactUnit() {
    Duration duration = scores("peanutcache.cache.scores.expiry=created 7200s")
        .getExpiryPolicyFactory().create().getExpiryForCreation();

    assertEquals(TimeUnit.HOURS, duration.getTimeUnit());
    assertEquals(2, duration.getDurationAmount());
  }

  @Test
  void zeroExpiryIsAllowed() {
    ExpiryPolicy policy = scores("peanutcache.cache.scores.expiry=created 0s")
        .getExpiryPolicyFactory().create();

    assertEquals(Duration.ZERO, policy.getExpiryForCreation());
  }

  @Test
  void readsMaximumEntries() {
    PeanutConfiguration<Object, Object> scores =
        scores("peanutcache.cache.scores.maximum-entries=10000");

    assertEquals(OptionalLong.of(10_000), scores.getMaximumEntries());
    assertEquals(OptionalLong.empty(), scores.getMaximumBytes());
  }

  @ParameterizedTest
  @CsvSource({
      "1, 1",
      "512B, 512",
      "64KB, 64000",
      "64kb, 64000",
      "2MB, 2000000",
      "3GB, 3000000000",
      "1KiB, 1024",
      "1kib, 1024",
      "3MiB, 3145728",
      "2GiB, 2147483648",
      "10 MB, 10000000"})
  void readsMaximumBytesWithUnits(String value, long bytes) {
    PeanutConfiguration<Object, Object> scores =
        scores("peanutcache.cache.scores.maximum-bytes=" + value);

    assertEquals(OptionalLong.of(bytes), scores.getMaximumBytes());
    assertEquals(OptionalLong.empty(), scores.getMaximumEntries());
  }
}
