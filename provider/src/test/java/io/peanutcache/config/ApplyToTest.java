package io.peanutcache.config;

import static io.peanutcache.config.TestSettingsFiles.load;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.peanutcache.PeanutConfiguration;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApplyToTest {

  @TempDir
  Path directory;

  private static PeanutConfiguration<String, Long> base() {
    PeanutConfiguration<String, Long> base = new PeanutConfiguration<>();
    base.setTypes(String.class, Long.class);
    base.setStatisticsEnabled(false);
    base.setReadThrough(true);
    base.setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(new Duration(TimeUnit.HOURS, 1)));
    base.setMaximumEntries(10);
    return base;
  }

  @Test
  void laysDeclaredSettingsOverTheBase() {
    SettingsFile settings = load(directory,
        "peanutcache.cache.scores.statistics=true",
        "peanutcache.cache.scores.maximum-bytes=1MB");

    PeanutConfiguration<String, Long> scores = settings.applyTo("scores", base());

    assertTrue(scores.isStatisticsEnabled());
    assertEquals(OptionalLong.of(1_000_000), scores.getMaximumBytes());
    assertEquals(OptionalLong.empty(), scores.getMaximumEntries());
    assertEquals(String.class, scores.getKeyType());
    assertEquals(Long.class, scores.getValueType());
    assertTrue(scores.isReadThrough());
    assertEquals(new Duration(TimeUnit.HOURS, 1),
        scores.getExpiryPolicyFactory().create().getExpiryForCreation());
  }

  @Test
  void leavesTheBaseUnchanged() {
    SettingsFile settings = load(directory,
        "peanutcache.cache.scores.statistics=true",
        "peanutcache.cache.scores.read-through=false",
        "peanutcache.cache.scores.expiry=eternal",
        "peanutcache.cache.scores.maximum-bytes=1MB");
    PeanutConfiguration<String, Long> base = base();

    PeanutConfiguration<String, Long> scores = settings.applyTo("scores", base);

    assertNotSame(base, scores);
    assertEquals(base(), base);
    assertFalse(base.isStatisticsEnabled());
    assertEquals(OptionalLong.of(10), base.getMaximumEntries());
  }

  @Test
  void undeclaredCacheGetsACopyOfTheBase() {
    SettingsFile settings = load(directory, "peanutcache.cache.scores.statistics=true");
    PeanutConfiguration<String, Long> base = base();

    PeanutConfiguration<String, Long> users = settings.applyTo("users", base);

    assertNotSame(base, users);
    assertEquals(base, users);
  }

  @Test
  void keepsTheBaseBoundWhenNoneIsDeclared() {
    SettingsFile settings = load(directory, "peanutcache.cache.scores.statistics=true");

    PeanutConfiguration<String, Long> scores = settings.applyTo("scores", base());

    assertEquals(OptionalLong.of(10), scores.getMaximumEntries());
  }

  @Test
  void declaredKeyTypeReplacesTheBaseKeyTypeAndKeepsItsValueType() {
    SettingsFile settings = load(directory, "peanutcache.cache.scores.key-type=java.lang.Integer");

    PeanutConfiguration<?, ?> scores = settings.applyTo("scores", base());

    assertEquals(Integer.class, scores.getKeyType());
    assertEquals(Long.class, scores.getValueType());
  }

  @Test
  void laysSettingsOverAPlainJsr107Configuration() {
    SettingsFile settings = load(directory, "peanutcache.cache.scores.maximum-entries=5");
    MutableConfiguration<String, Long> base =
        new MutableConfiguration<String, Long>().setTypes(String.class, Long.class);

    PeanutConfiguration<String, Long> scores = settings.applyTo("scores", base);

    assertEquals(OptionalLong.of(5), scores.getMaximumEntries());
    assertEquals(String.class, scores.getKeyType());
    assertEquals(Long.class, scores.getValueType());
    assertEquals(new MutableConfiguration<String, Long>().setTypes(String.class, Long.class), base);
  }
}
