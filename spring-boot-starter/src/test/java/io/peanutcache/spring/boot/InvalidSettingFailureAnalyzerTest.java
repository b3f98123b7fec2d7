package io.peanutcache.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import java.util.Properties;
import org.springframework.core.io.UrlResource;
import org.springframework.core.io.support.PropertiesLoaderUtils;

/** A wrong setting stops start-up, reported with the property, the value and what is allowed. */
class InvalidSettingFailureAnalyzerTest {

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(PeanutCacheAutoConfiguration.class));

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource(delimiter = '|', value = {
      "peanutcache.rpc.timeout|soon|a duration greater than zero",
      "peanutcache.load.timeout|0s|a duration greater than zero",
      "peanutcache.partitions|0|a whole number from 1 to 65536",
      "peanutcache.bind|nowhere|host:port",
      "peanutcache.peers|127.0.0.1:1|a list only when peanutcache.bind is set too",
      "peanutcache.cluster|no/slash|a name of 1 to 64 letters",
      "peanutcache.etcd.endpoints|ftp://etcd:1|a comma-separated list of etcd client URLs",
      "peanutcache.manager|' '|a name of 1 to 255 characters",
      "peanutcache.cache.books.maximum-entries|0|a whole number of at least 1",
      "peanutcache.cache.books.maximum-bytes|lots|a whole number of at least 1, optionally",
      "peanutcache.cache.books.expiry|soon|eternal, or created, accessed",
      "peanutcache.cache.books.hot-cache|10000|a whole number of entries of at least 1",
      "peanutcache.cache.books.loader|com.example.Missing|the binary name of a public class implementing",
      "peanutcache.cache.books.key-type|com.example.Missing|the binary name of a class",
      "peanutcache.cache-defaults.expiry|later|eternal, or created, accessed",
      "peanutcache.cache-defaults.hot-cache|5s 10000|a whole number of entries of at least 1",
  })
  void aWrongValueIsReportedNamingThePropertyTheValueAndWhatIsAllowed(
      String property, String value, String allowed) {
    runner.withPropertyValues(property + "=" + value).run(context -> {
      assertThat(context).hasFailed();
      FailureAnalysis analysis =
          new InvalidSettingFailureAnalyzer().analyze(context.getStartupFailure());
      assertThat(analysis).as("the failure is a PeanutCache setting").isNotNull();
      assertThat(analysis.getDescription())
          .contains("Property: " + property)
          .contains("Value: \"" + value.trim() + "\"")
          .contains("Allowed: " + allowed);
      assertThat(analysis.getAction()).startsWith("Change " + property + " to " + allowed);
    });
  }

  @Test
  void bothBoundsFromTheDefaultsAndTheCacheAreNotAConflict() {
    runner.withPropertyValues("peanutcache.cache-defaults.maximum-entries=10",
        "peanutcache.cache.books.maximum-bytes=1MB").run(context ->
        assertThat(context).hasNotFailed());
  }

  @Test
  void bothBoundsOnOneCacheAreReportedNamingBoth() {
    runner.withPropertyValues("peanutcache.cache.books.maximum-entries=10",
        "peanutcache.cache.books.maximum-bytes=1MB").run(context -> {
          FailureAnalysis analysis =
              new InvalidSettingFailureAnalyzer().analyze(context.getStartupFailure());
          assertThat(analysis.getDescription())
              .contains("Property: peanutcache.cache.books.maximum-bytes")
              .contains("peanutcache.cache.books.maximum-entries");
        });
  }

  @Test
  void isRegisteredAsSpringBootExpects() throws Exception {
    boolean registered = false;
    var factories = getClass().getClassLoader().getResources("META-INF/spring.factories");
    while (factories.hasMoreElements()) {
      Properties properties = PropertiesLoaderUtils.loadProperties(
          new UrlResource(factories.nextElement()));
      String analyzers = properties.getProperty(FailureAnalyzer.class.getName(), "");
      registered |= analyzers.contains(InvalidSettingFailureAnalyzer.class.getName());
    }
    assertThat(registered).isTrue();
  }
}
