package io.peanutcache.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import io.peanutcache.InvalidSettingException;

/** The etcd node settings: defaults, and a clear error for each wrong value. */
class EtcdSettingsTest {

  private static NodeSettings resolve(String... keysAndValues) {
    Properties properties = new Properties();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      properties.setProperty(keysAndValues[i], keysAndValues[i + 1]);
    }
    return NodeSettings.resolve(properties, new Properties(), Map.of(), null, null);
  }

  private static InvalidSettingException fails(String... keysAndValues) {
    return assertThrows(InvalidSettingException.class, () -> resolve(keysAndValues));
  }

  @Test
  void endpointsMakeAClusteredNodeWithTheDefaultClusterPrefixAndLease() {
    NodeSettings settings = resolve("peanutcache.bind", "127.0.0.1:7001",
        "peanutcache.etcd.endpoints", "http://127.0.0.1:2379, http://10.0.0.2:2379");

    assertTrue(settings.isClustered());
    EtcdSettings etcd = settings.etcd().orElseThrow();
    assertEquals(List.of(URI.create("http://127.0.0.1:2379"), URI.create("http://10.0.0.2:2379")), etcd.endpoints());
    assertEquals("default", etcd.cluster());
    assertEquals("/peanutcache/default", etcd.prefix());
    assertEquals("/peanutcache/default/members/node-1", etcd.memberKey("node-1"));
    assertEquals("/peanutcache/default/caches/", etcd.cachesPrefix());
    assertEquals(Duration.ofSeconds(5), etcd.leaseTtl());
    assertEquals("127.0.0.1:7001", settings.nodeName());
  }

  @Test
  void theClusterNameSetsTheDefaultPrefixAndAPrefixOverridesIt() {
    NodeSettings named = resolve("peanutcache.bind", "127.0.0.1:7001",
        "peanutcache.etcd.endpoints", "http://127.0.0.1:2379", "peanutcache.cluster", "orders",
        "peanutcache.etcd.lease-ttl", "3s");
    NodeSettings prefixed = resolve("peanutcache.bind", "127.0.0.1:7001",
        "peanutcache.etcd.endpoints", "http://127.0.0.1:2379", "peanutcache.etcd.prefix", "/apps/orders/cache");

    assertEquals("/peanutcache/orders", named.etcd().orElseThrow().prefix());
    assertEquals(Duration.ofSeconds(3), named.etcd().orElseThrow().leaseTtl());
    assertEquals("/apps/orders/cache", prefixed.etcd().orElseThrow().prefix());
  }

  @Test
  void withoutEndpointsTheNodeHasNoEtcd() {
    assertTrue(resolve("peanutcache.cluster", "orders").etcd().isEmpty());
    assertTrue(resolve("peanutcache.etcd.endpoints", " ").etcd().isEmpty());
  }

  @ParameterizedTest
  @ValueSource(strings = {"127.0.0.1:2379", "ftp://127.0.0.1:2379", "http://127.0.0.1", "http://h:2379/v3",
      "http://127.0.0.1:2379,", "http://[::1"})
  void aMalformedEndpointNamesTheFormAllowed(String endpoints) {
    InvalidSettingException invalid = fails("peanutcache.bind", "127.0.0.1:7001",
        "peanutcache.etcd.endpoints", endpoints);

    assertEquals("peanutcache.etcd.endpoints", invalid.getKey());
    assertTrue(invalid.getAllowed().startsWith("a comma-separated list of etcd client URLs "
        + "http://host:port or https://host:port"), invalid.getMessage());
  }

  @Test
  void etcdAndAStaticPeerListAreExclusive() {
    InvalidSettingException invalid = fails("peanutcache.bind", "127.0.0.1:7001",
        "peanutcache.peers", "127.0.0.1:7001", "peanutcache.etcd.endpoints", "http://127.0.0.1:2379");

    assertEquals("peanutcache.etcd.endpoints", invalid.getKey());
    assertTrue(invalid.getAllowed().startsWith("etcd endpoints or a static peanutcache.peers list, not both"),
        invalid.getMessage());
  }

  @Test
  void etcdNeedsABindAddress() {
    InvalidSettingException invalid = fails("peanutcache.etcd.endpoints", "http://127.0.0.1:2379");

    assertTrue(invalid.getAllowed().contains("only when peanutcache.bind is set too"), invalid.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"0s", "500ms", "1500ms", "2h", "soon"})
  void aLeaseTtlMustBeWholeSecondsFromOneSecondToAnHour(String ttl) {
    InvalidSettingException invalid = fails("peanutcache.etcd.lease-ttl", ttl);

    assertEquals("peanutcache.etcd.lease-ttl", invalid.getKey());
    assertTrue(invalid.getAllowed().startsWith("whole seconds from 1s to 1h"), invalid.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "two words", "a/b"})
  void aClusterNameIsLettersDigitsDotsDashesAndUnderscores(String name) {
    InvalidSettingException invalid = fails("peanutcache.cluster", name);

    assertEquals("a name of 1 to 64 letters, digits, '.', '_' or '-'", invalid.getAllowed());
  }

  @ParameterizedTest
  @ValueSource(strings = {"peanutcache", "/peanutcache/", "/a//b"})
  void aPrefixStartsWithASlashAndDoesNotEndWithOne(String prefix) {
    InvalidSettingException invalid = fails("peanutcache.etcd.prefix", prefix);

    assertTrue(invalid.getAllowed().startsWith("a key prefix that starts with '/'"), invalid.getMessage());
  }
}
