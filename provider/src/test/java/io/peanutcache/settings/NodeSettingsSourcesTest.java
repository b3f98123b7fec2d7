package io.peanutcache.settings;

import static io.peanutcache.settings.NodeSettingPlace.Place.ENVIRONMENT_VARIABLE;
import static io.peanutcache.settings.NodeSettingPlace.Place.MANAGER_PROPERTIES;
import static io.peanutcache.settings.NodeSettingPlace.Place.SETTINGS_FILE;
import static io.peanutcache.settings.NodeSettingPlace.Place.SYSTEM_PROPERTY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.peanutcache.settings.NodeSettingPlace.Place;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class NodeSettingsSourcesTest {

  private static HostAndPort address(String text) {
    return HostAndPort.parse("test", text);
  }

  @ParameterizedTest
  @EnumSource(Place.class)
  void everyKeyIsReadFromEveryPlace(Place place) {
    NodeSettings settings = new NodeSettingPlace()
        .set(place, "peanutcache.bind", "0.0.0.0:7070")
        .set(place, "peanutcache.advertise", "10.0.0.1:7070")
        .set(place, "peanutcache.peers", "10.0.0.1:7070, 10.0.0.2:7070")
        .set(place, "peanutcache.node.name", "scores-1")
        .set(place, "peanutcache.rpc.timeout", "2s")
        .set(place, "peanutcache.partitions", "64")
        .resolve();

    assertEquals(Optional.of(address("0.0.0.0:7070")), settings.bind());
    assertEquals(Optional.of(address("10.0.0.1:7070")), settings.advertise());
    assertEquals(List.of(address("10.0.0.1:7070"), address("10.0.0.2:7070")), settings.peers());
    assertEquals("scores-1", settings.nodeName());
    assertEquals(Duration.ofSeconds(2), settings.rpcTimeout());
    assertEquals(64, settings.partitions());
  }

  static Stream<Arguments> fourValuesOfEachKey() {
    Function<NodeSettings, Object> bind = NodeSettings::bind;
    Function<NodeSettings, Object> advertise = NodeSettings::advertise;
    Function<NodeSettings, Object> peers = NodeSettings::peers;
    Function<NodeSettings, Object> nodeName = NodeSettings::nodeName;
    Function<NodeSettings, Object> rpcTimeout = NodeSettings::rpcTimeout;
    Function<NodeSettings, Object> loadTimeout = NodeSettings::loadTimeout;
    Function<NodeSettings, Object> connectTimeout = NodeSettings::connectTimeout;
    Function<NodeSettings, Object> partitions = NodeSettings::partitions;
    return Stream.of(
        Arguments.of("peanutcache.bind", bind,
            List.of("10.0.0.1:1", "10.0.0.1:2", "10.0.0.1:3", "10.0.0.1:4"),
            List.of(Optional.of(address("10.0.0.1:1")), Optional.of(address("10.0.0.1:2")),
                Optional.of(address("10.0.0.1:3")), Optional.of(address("10.0.0.1:4")))),
        Arguments.of("peanutcache.advertise", advertise,
            List.of("node-1:7070", "node-2:7070", "node-3:7070", "node-4:7070"),
            List.of(Optional.of(address("node-1:7070")), Optional.of(address("node-2:7070")),
                Optional.of(address("node-3:7070")), Optional.of(address("node-4:7070")))),
        Arguments.of("peanutcache.peers", peers,
            List.of("10.0.0.9:7070,10.0.0.1:7070", "10.0.0.9:7070,10.0.0.2:7070",
                "10.0.0.9:7070,10.0.0.3:7070", "10.0.0.9:7070,10.0.0.4:7070"),
            List.of(List.of(address("10.0.0.9:7070"), address("10.0.0.1:7070")),
                List.of(address("10.0.0.9:7070"), address("10.0.0.2:7070")),
                List.of(address("10.0.0.9:7070"), address("10.0.0.3:7070")),
                List.of(address("10.0.0.9:7070"), address("10.0.0.4:7070")))),
        Arguments.of("peanutcache.node.name", nodeName,
            List.of("one", "two", "three", "four"), List.of("one", "two", "three", "four")),
        Arguments.of("peanutcache.rpc.timeout", rpcTimeout,
            List.of("1s", "PT2S", "3000ms", "4s"),
            List.of(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(3),
                Duration.ofSeconds(4))),
        Arguments.of("peanutcache.load.timeout", loadTimeout,
            List.of("90s", "PT2M", "150000ms", "3m"),
            List.of(Duration.ofSeconds(90), Duration.ofMinutes(2), Duration.ofSeconds(150),
                Duration.ofMinutes(3))),
        Arguments.of("peanutcache.connect.timeout", connectTimeout,
            List.of("1s", "PT2S", "3000ms", "4s"),
            List.of(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(3),
                Duration.ofSeconds(4))),
        Arguments.of("peanutcache.partitions", partitions,
            List.of("1", "2", "3", "4"), List.of(1, 2, 3, 4)));
  }

  @ParameterizedTest
  @MethodSource("fourValuesOfEachKey")
  void thePlaceOfHighestPrecedenceThatHoldsAKeyWins(String key,
      Function<NodeSettings, Object> read, List<String> values, List<Object> expected) {
    // Peers need this node's bind address, which a test of peers sets in the manager properties:
    // a key that is not under test.
    NodeSettingPlace place = new NodeSettingPlace();
    if (key.equals("peanutcache.peers")) {
      place.set(MANAGER_PROPERTIES, "peanutcache.bind", "10.0.0.9:7070");
    }
    Place[] byPrecedence = Place.values();
    for (int i = 0; i < byPrecedence.length; i++) {
      place.set(byPrecedence[i], key, values.get(i));
    }

    for (int i = 0; i < byPrecedence.length; i++) {
      assertEquals(expected.get(i), read.apply(place.resolve()),
          "with " + key + " set from " + byPrecedence[i] + " down");
      place.remove(byPrecedence[i], key);
    }
  }

  @Test
  void systemPropertiesWinOverTheFileWhenTheManagerSetsNothing() {
    NodeSettings settings = new NodeSettingPlace()
        .set(SYSTEM_PROPERTY, "peanutcache.partitions", "2")
        .set(SETTINGS_FILE, "peanutcache.partitions", "4")
        .resolve();

    assertEquals(2, settings.partitions());
  }

  @Test
  void anEmptyValueInAHigherPlaceStillWins() {
    NodeSettings settings = new NodeSettingPlace()
        .set(MANAGER_PROPERTIES, "peanutcache.peers", "")
        .set(ENVIRONMENT_VARIABLE, "peanutcache.bind", "10.0.0.1:7070")
        .set(ENVIRONMENT_VARIABLE, "peanutcache.peers", "10.0.0.1:7070,10.0.0.2:7070")
        .resolve();

    assertFalse(settings.isClustered());
  }

  @Test
  void aValueThatAHigherPlaceOverridesIsNotRead() {
    NodeSettings settings = new NodeSettingPlace()
        .set(SYSTEM_PROPERTY, "peanutcache.partitions", "17")
        .set(SETTINGS_FILE, "peanutcache.partitions", "many")
        .resolve();

    assertEquals(17, settings.partitions());
  }

  @Test
  void settingsOfOnePlaceCombineWithThoseOfAnother() {
    NodeSettings settings = new NodeSettingPlace()
        .set(SETTINGS_FILE, "peanutcache.peers", "10.0.0.1:7070,10.0.0.2:7070")
        .set(ENVIRONMENT_VARIABLE, "peanutcache.bind", "10.0.0.2:7070")
        .set(SYSTEM_PROPERTY, "peanutcache.node.name", "scores-2")
        .resolve();

    assertEquals(Optional.of(address("10.0.0.2:7070")), settings.advertise());
    assertEquals("scores-2", settings.nodeName());
    assertEquals(2, settings.peers().size());
  }

  @ParameterizedTest
  @CsvSource({
      "peanutcache.bind, PEANUTCACHE_BIND",
      "peanutcache.advertise, PEANUTCACHE_ADVERTISE",
      "peanutcache.peers, PEANUTCACHE_PEERS",
      "peanutcache.node.name, PEANUTCACHE_NODE_NAME",
      "peanutcache.rpc.timeout, PEANUTCACHE_RPC_TIMEOUT",
      "peanutcache.load.timeout, PEANUTCACHE_LOAD_TIMEOUT",
      "peanutcache.connect.timeout, PEANUTCACHE_CONNECT_TIMEOUT",
      "peanutcache.partitions, PEANUTCACHE_PARTITIONS",
      "peanutcache.time-source, PEANUTCACHE_TIME_SOURCE"})
  void environmentVariablesAreTheKeyUpperCasedWithDotsAndDashesAsUnderscores(
      String key, String variable) {
    assertEquals(variable, NodeSettings.environmentVariable(key));
  }

  @Test
  void environmentVariablesAreReadUnderThoseNames() {
    NodeSettingPlace place = new NodeSettingPlace();
    place.environment.putAll(Map.of(
        "PEANUTCACHE_BIND", "0.0.0.0:7070",
        "PEANUTCACHE_ADVERTISE", "10.0.0.1:7070",
        "PEANUTCACHE_PEERS", "10.0.0.1:7070,10.0.0.2:7070",
        "PEANUTCACHE_NODE_NAME", "scores-1",
        "PEANUTCACHE_RPC_TIMEOUT", "750ms",
        "PEANUTCACHE_PARTITIONS", "101"));

    NodeSettings settings = place.resolve();

    assertEquals(Optional.of(address("0.0.0.0:7070")), settings.bind());
    assertEquals(Optional.of(address("10.0.0.1:7070")), settings.advertise());
    assertEquals(List.of(address("10.0.0.1:7070"), address("10.0.0.2:7070")), settings.peers());
    assertEquals("scores-1", settings.nodeName());
    assertEquals(Duration.ofMillis(750), settings.rpcTimeout());
    assertEquals(101, settings.partitions());
  }

  @Test
  void otherEnvironmentVariablesAreIgnored() {
    NodeSettingPlace place = new NodeSettingPlace();
    place.environment.putAll(Map.of(
        "PATH", "/usr/bin",
        "peanutcache_peers", "not read",
        "PEANUTCACHEPEERS", "not read",
        "peanutcache.peers", "not read"));

    assertEquals(NodeSettings.embedded(), place.resolve());
  }

  @ParameterizedTest
  @EnumSource(value = Place.class, names = "ENVIRONMENT_VARIABLE", mode = EnumSource.Mode.EXCLUDE)
  void keysWithoutThePeanutCachePrefixAreIgnored(Place place) {
    NodeSettingPlace places = new NodeSettingPlace()
        .set(place, "peers", "not read")
        .set(place, "java.home", "/opt/jdk")
        .set(place, "PeanutCache.peers", "not read")
        .set(place, "peanutcache", "not read");

    assertEquals(NodeSettings.embedded(), places.resolve());
  }

  @ParameterizedTest
  @EnumSource(Place.class)
  void perCacheSettingsCacheDefaultsAndTheTimeSourceHookAreIgnored(Place place) {
    NodeSettingPlace places = new NodeSettingPlace()
        .set(place, "peanutcache.cache.scores.expiry", "accessed 10m")
        .set(place, "peanutcache.cache.com.example.users.maximum-entries", "not checked here")
        .set(place, "peanutcache.cache-defaults.expiry", "read by the Spring starter")
        .set(place, "peanutcache.time-source", "not read");

    assertEquals(NodeSettings.embedded(), places.resolve());
  }

  @Test
  void objectValuesOfPerCacheSettingsAndTheTimeSourceHookAreIgnored() {
    NodeSettingPlace place = new NodeSettingPlace();
    place.manager.put("peanutcache.time-source", new Object());
    place.manager.put("peanutcache.cache.scores.loader", new Object());
    place.system.put("peanutcache.time-source", new Object());
    place.manager.put(42, "a key that is not a String");

    assertEquals(NodeSettings.embedded(), place.resolve());
  }

  @Test
  void defaultsOfTheGivenPropertiesAreRead() {
    Properties defaults = new Properties();
    defaults.setProperty("peanutcache.partitions", "64");
    defaults.setProperty("peanutcache.node.name", "from-defaults");
    Properties manager = new Properties(defaults);
    manager.setProperty("peanutcache.node.name", "own");

    NodeSettings settings =
        NodeSettings.resolve(manager, new Properties(), Map.of(), new Properties(), null);

    assertEquals(64, settings.partitions());
    assertEquals("own", settings.nodeName());
  }
}
