package io.peanutcache.settings;

import static io.peanutcache.settings.NodeSettingPlace.Place.ENVIRONMENT_VARIABLE;
import static io.peanutcache.settings.NodeSettingPlace.Place.MANAGER_PROPERTIES;
import static io.peanutcache.settings.NodeSettingPlace.Place.SETTINGS_FILE;
import static io.peanutcache.settings.NodeSettingPlace.Place.SYSTEM_PROPERTY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class NodeSettingsTest {

  private static HostAndPort address(String text) {
    return HostAndPort.parse("test", text);
  }

  private static NodeSettingPlace clustered() {
    return new NodeSettingPlace()
        .set(MANAGER_PROPERTIES, "peanutcache.bind", "10.0.0.1:7070")
        .set(MANAGER_PROPERTIES, "peanutcache.peers", "10.0.0.1:7070,10.0.0.2:7070");
  }

  @Test
  void withNoSettingsTheNodeIsTheEmbeddedSingleNodeWithDefaults() {
    NodeSettings settings = new NodeSettingPlace().resolve();

    assertEquals(Optional.empty(), settings.bind());
    assertEquals(Optional.empty(), settings.advertise());
    assertEquals(List.of(), settings.peers());
    assertEquals("embedded", settings.nodeName());
    assertEquals(Duration.ofSeconds(5), settings.rpcTimeout());
    assertEquals(Duration.ofSeconds(60), settings.loadTimeout());
    assertEquals(Duration.ofSeconds(10), settings.connectTimeout());
    assertEquals(Duration.ofSeconds(30), settings.handOffTimeout());
    assertEquals(271, settings.partitions());
    assertEquals(16 * 1024 * 1024, settings.maxMessageSize());
    assertEquals(64, settings.requestThreads());
    assertEquals(1024, settings.requestQueue());
    assertEquals(256, settings.iterations());
    assertEquals(32, settings.eventThreads());
    assertEquals(10_000, settings.eventQueue());
    assertEquals(256, settings.listenersPerCache());
    assertFalse(settings.isClustered());
  }

  @Test
  void theLimitsAreReadWithTheirUnits() {
    NodeSettings settings = new NodeSettingPlace()
        .set(MANAGER_PROPERTIES, "peanutcache.max-message-size", "4MiB")
        .set(SYSTEM_PROPERTY, "peanutcache.requests.threads", "8")
        .set(SETTINGS_FILE, "peanutcache.requests.queue", "100")
        .set(ENVIRONMENT_VARIABLE, "peanutcache.requests.iterations", "3")
        .set(MANAGER_PROPERTIES, "peanutcache.events.threads", "2")
        .set(MANAGER_PROPERTIES, "peanutcache.events.queue", "50")
        .set(MANAGER_PROPERTIES, "peanutcache.listeners.per-cache", "1")
        .resolve();

    assertEquals(4 << 20, settings.maxMessageSize());
    assertEquals(8, settings.requestThreads());
    assertEquals(100, settings.requestQueue());
    assertEquals(3, settings.iterations());
    assertEquals(2, settings.eventThreads());
    assertEquals(50, settings.eventQueue());
    assertEquals(1, settings.listenersPerCache());
    assertEquals(1 << 20, new NodeSettingPlace().set(MANAGER_PROPERTIES, "peanutcache.max-message-size", "1MiB")
        .resolve().maxMessageSize());
    assertEquals(1 << 30, new NodeSettingPlace().set(MANAGER_PROPERTIES, "peanutcache.max-message-size", "1GiB")
        .resolve().maxMessageSize());
  }

  @Test
  void embeddedHoldsTheDefaults() {
    NodeSettings embedded = NodeSettings.embedded();

    assertEquals(new NodeSettingPlace().resolve(), embedded);
    assertFalse(embedded.isClustered());
    assertEquals(NodeSettings.DEFAULT_RPC_TIMEOUT, embedded.rpcTimeout());
    assertEquals(NodeSettings.DEFAULT_PARTITIONS, embedded.partitions());
    assertEquals(NodeSettings.EMBEDDED_NODE_NAME, embedded.nodeName());
    assertSame(embedded, NodeSettings.embedded());
  }

  @Test
  void nullManagerPropertiesAndFileSettingsAreNoSettings() {
    NodeSettings settings = NodeSettings.resolve(null, new Properties(), Map.of(), null, null);

    assertEquals(NodeSettings.embedded(), settings);
  }

  @Test
  void withPeersTheNodeIsClusteredAndAdvertisesItsBindAddressUnderThatName() {
    NodeSettings settings = clustered().resolve();

    assertTrue(settings.isClustered());
    assertEquals(Optional.of(address("10.0.0.1:7070")), settings.bind());
    assertEquals(Optional.of(address("10.0.0.1:7070")), settings.advertise());
    assertEquals(List.of(address("10.0.0.1:7070"), address("10.0.0.2:7070")), settings.peers());
    assertEquals("10.0.0.1:7070", settings.nodeName());
  }

  @Test
  void peersKeepTheOrderGivenWithWhitespaceAroundEntriesIgnored() {
    NodeSettings settings = new NodeSettingPlace()
        .set(MANAGER_PROPERTIES, "peanutcache.bind", "node-b:7070")
        .set(MANAGER_PROPERTIES, "peanutcache.peers", "  node-c:7070 ,node-a:7070,\tnode-b:7070 ")
        .resolve();

    assertEquals(List.of(address("node-c:7070"), address("node-a:7070"), address("node-b:7070")),
        settings.peers());
  }

  @Test
  void aSinglePeerThatIsThisNodeIsAClusterOfOne() {
    NodeSettings settings = new NodeSettingPlace()
        .set(MANAGER_PROPERTIES, "peanutcache.bind", "10.0.0.1:7070")
        .set(MANAGER_PROPERTIES, "peanutcache.peers", "10.0.0.1:7070")
        .resolve();

    assertTrue(settings.isClustered());
  }

  @Test
  void thePeerListNamesThisNodeByItsAdvertiseAddressNotItsBindAddress() {
    NodeSettings settings = new NodeSettingPlace()
        .set(MANAGER_PROPERTIES, "peanutcache.bind", "0.0.0.0:7070")
        .set(MANAGER_PROPERTIES, "peanutcache.advertise", "node-a.internal:7070")
        .set(MANAGER_PROPERTIES, "peanutcache.peers", "node-a.internal:7070,node-b.internal:7070")
        .resolve();

    assertEquals(Optional.of(address("0.0.0.0:7070")), settings.bind());
    assertEquals(Optional.of(address("node-a.internal:7070")), settings.advertise());
    assertEquals("node-a.internal:7070", settings.nodeName());
  }

  @Test
  void thePeerListFindsThisNodeWhateverTheCaseOfItsHostName() {
    NodeSettings settings = new NodeSettingPlace()
        .set(MANAGER_PROPERTIES, "peanutcache.bind", "Node-A:7070")
        .set(MANAGER_PROPERTIES, "peanutcache.peers", "node-a:7070,NODE-B:7070")
        .resolve();

    assertEquals(List.of(address("node-a:7070"), address("node-b:7070")), settings.peers());
  }

  @Test
  void ipv6NodesAreWrittenInBrackets() {
    NodeSettings settings = new NodeSettingPlace()
        .set(MANAGER_PROPERTIES, "peanutcache.bind", "[::1]:7070")
        .set(MANAGER_PROPERTIES, "peanutcache.peers", "[0:0:0:0:0:0:0:1]:7070, [::2]:7070")
        .resolve();

    assertEquals(List.of(address("[::1]:7070"), address("[::2]:7070")), settings.peers());
    assertEquals("[::1]:7070", settings.nodeName());
  }

  @Test
  void aNodeNameReplacesTheAdvertiseAddressAsName() {
    NodeSettings settings = clustered()
        .set(MANAGER_PROPERTIES, "peanutcache.node.name", "  scores-1  ")
        .resolve();

    assertEquals("scores-1", settings.nodeName());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   "})
  void emptyPeersMakeTheEmbeddedNode(String peers) {
    NodeSettings settings = new NodeSettingPlace()
        .set(MANAGER_PROPERTIES, "peanutcache.peers", peers)
        .resolve();

    assertFalse(settings.isClustered());
    assertEquals(NodeSettings.embedded(), settings);
  }

  @Test
  void bindAdvertiseAndNameWithoutPeersAreKeptButTheNodeStaysEmbedded() {
    NodeSettings settings = new NodeSettingPlace()
        .set(MANAGER_PROPERTIES, "peanutcache.bind", "0.0.0.0:7070")
        .set(MANAGER_PROPERTIES, "peanutcache.advertise", "10.0.0.1:7070")
        .set(MANAGER_PROPERTIES, "peanutcache.node.name", "scores-1")
        .resolve();

    assertFalse(settings.isClustered());
    assertEquals(Optional.of(address("0.0.0.0:7070")), settings.bind());
    assertEquals(Optional.of(address("10.0.0.1:7070")), settings.advertise());
    assertEquals("scores-1", settings.nodeName());
  }

  @Test
  void advertiseWithoutBindOrPeersNamesTheEmbeddedNode() {
    NodeSettings settings = new NodeSettingPlace()
        .set(MANAGER_PROPERTIES, "peanutcache.advertise", "10.0.0.1:7070")
        .resolve();

    assertEquals(Optional.empty(), settings.bind());
    assertEquals("10.0.0.1:7070", settings.nodeName());
    assertFalse(settings.isClustered());
  }

  @Test
  void peersCannotBeChanged() {
    List<HostAndPort> peers = clustered().resolve().peers();

    assertThrows(UnsupportedOperationException.class, () -> peers.add(address("10.0.0.3:7070")));
  }

  @Test
  void equalResolutionsAreEqualNodes() {
    NodeSettings first =
        clustered().set(MANAGER_PROPERTIES, "peanutcache.rpc.timeout", "2s").resolve();
    NodeSettings second = new NodeSettingPlace()
        .set(ENVIRONMENT_VARIABLE, "peanutcache.bind", "10.0.0.1:7070")
        .set(SETTINGS_FILE, "peanutcache.peers", " 10.0.0.1:7070 , 10.0.0.2:7070")
        .set(SYSTEM_PROPERTY, "peanutcache.rpc.timeout", "PT2S")
        .set(SYSTEM_PROPERTY, "peanutcache.partitions", "271")
        .set(SYSTEM_PROPERTY, "peanutcache.node.name", "10.0.0.1:7070")
        .resolve();

    assertEquals(first, second);
    assertEquals(first.hashCode(), second.hashCode());
    assertEquals(first.toString(), second.toString());
  }

  static Stream<Arguments> oneValueChanged() {
    return Stream.of(
        Arguments.of("peanutcache.bind", "0.0.0.0:7070"),
        Arguments.of("peanutcache.advertise", "10.0.0.1:7071"),
        Arguments.of("peanutcache.peers", "10.0.0.2:7070, 10.0.0.1:7070, 10.0.0.1:7071"),
        Arguments.of("peanutcache.peers", "10.0.0.1:7070, 10.0.0.2:7070, 10.0.0.1:7071,"
            + " 10.0.0.3:7070"),
        Arguments.of("peanutcache.node.name", "scores-1"),
        Arguments.of("peanutcache.rpc.timeout", "501ms"),
        Arguments.of("peanutcache.partitions", "272"),
        Arguments.of("peanutcache.max-message-size", "32MiB"),
        Arguments.of("peanutcache.requests.threads", "8"),
        Arguments.of("peanutcache.listeners.per-cache", "1"));
  }

  @ParameterizedTest
  @MethodSource("oneValueChanged")
  void settingsThatDifferInAnyValueAreDifferentNodes(String key, String value) {
    NodeSettingPlace place = new NodeSettingPlace()
        .set(MANAGER_PROPERTIES, "peanutcache.bind", "10.0.0.1:7070")
        .set(MANAGER_PROPERTIES, "peanutcache.advertise", "10.0.0.1:7070")
        .set(MANAGER_PROPERTIES, "peanutcache.peers",
            "10.0.0.1:7070, 10.0.0.2:7070, 10.0.0.1:7071");
    NodeSettings before = place.resolve();

    NodeSettings after = place.set(MANAGER_PROPERTIES, key, value).resolve();

    assertNotEquals(before, after);
    assertNotEquals(before.toString(), after.toString());
  }

  @Test
  void anEmbeddedNodeWithANameDiffersFromTheDefaultOne() {
    NodeSettings named = new NodeSettingPlace()
        .set(MANAGER_PROPERTIES, "peanutcache.node.name", "scores-1")
        .resolve();

    assertNotEquals(NodeSettings.embedded(), named);
    assertNotEquals(NodeSettings.embedded(), null);
    assertNotEquals(NodeSettings.embedded(), "embedded");
  }

  @Test
  void toStringShowsEveryValue() {
    NodeSettings settings = clustered().resolve();

    assertEquals("NodeSettings{nodeName=10.0.0.1:7070, bind=10.0.0.1:7070,"
        + " advertise=10.0.0.1:7070, peers=[10.0.0.1:7070, 10.0.0.2:7070], rpcTimeout=PT5S,"
        + " loadTimeout=PT1M, connectTimeout=PT10S, handOffTimeout=PT30S, partitions=271}", settings.toString());
    assertEquals("NodeSettings{nodeName=embedded, bind=none, advertise=none, peers=[],"
        + " rpcTimeout=PT5S, loadTimeout=PT1M, connectTimeout=PT10S, handOffTimeout=PT30S, partitions=271}",
        NodeSettings.embedded().toString());
  }

  @Test
  void theShortFormReadsThisJvmsSystemProperties() {
    String key = "peanutcache.partitions";
    String before = System.getProperty(key);
    System.setProperty(key, "17");
    try {
      assertEquals(17, NodeSettings.resolve(null, null, null).partitions());

      Properties manager = new Properties();
      manager.setProperty(key, "19");
      assertEquals(19, NodeSettings.resolve(manager, null, null).partitions());
    } finally {
      if (before == null) {
        System.clearProperty(key);
      } else {
        System.setProperty(key, before);
      }
    }
  }

  @Test
  void systemPropertiesAndEnvironmentAreRequired() {
    assertThrows(NullPointerException.class,
        () -> NodeSettings.resolve(null, null, Map.of(), null, null));
    assertThrows(NullPointerException.class,
        () -> NodeSettings.resolve(null, new Properties(), null, null, null));
  }

  @Test
  void allowListPatternsOfEveryPlaceAddUpInOrderOfPrecedence() {
    NodeSettings settings = clustered()
        .set(MANAGER_PROPERTIES, "peanutcache.serialization.allow", "com.example.**, org.acme.Money")
        .set(SYSTEM_PROPERTY, "peanutcache.serialization.allow", "org.acme.Money;net.shop.*")
        .set(ENVIRONMENT_VARIABLE, "peanutcache.serialization.allow", "!com.example.Secret")
        .set(SETTINGS_FILE, "peanutcache.serialization.allow", "")
        .resolve();

    assertEquals(List.of("com.example.**", "org.acme.Money", "net.shop.*", "!com.example.Secret"),
        settings.serializationAllow());
  }

  @Test
  void allowListPatternsAreNoPartOfTheNodesIdentity() {
    NodeSettings plain = clustered().resolve();
    NodeSettings allowing = clustered().set(MANAGER_PROPERTIES, "peanutcache.serialization.allow", "com.example.**")
        .resolve();

    assertEquals(plain, allowing, "managers that allow more share the node, and add their patterns to it");
    assertEquals(List.of(), plain.serializationAllow());
  }
}
