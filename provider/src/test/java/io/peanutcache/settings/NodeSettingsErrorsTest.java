package io.peanutcache.settings;

import static io.peanutcache.settings.NodeSettingPlace.Place.ENVIRONMENT_VARIABLE;
import static io.peanutcache.settings.NodeSettingPlace.Place.MANAGER_PROPERTIES;
import static io.peanutcache.settings.NodeSettingPlace.Place.SETTINGS_FILE;
import static io.peanutcache.settings.NodeSettingPlace.Place.SYSTEM_PROPERTY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.peanutcache.InvalidSettingException;
import io.peanutcache.settings.NodeSettingPlace.Place;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import javax.cache.CacheException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class NodeSettingsErrorsTest {

  private static final String ADDRESS = "host:port, IPv4:port or [IPv6]:port with a port from 1"
      + " to 65535 (node-1.example.com:7070, 10.0.0.1:7070, [::1]:7070)";

  private static final String DURATION = "a duration greater than zero: ISO-8601 (PT0.5S) or a"
      + " whole number with a unit ms, s, m, h or d (500ms, 10s)";

  private static final String KEYS = "one of the node settings peanutcache.bind,"
      + " peanutcache.advertise, peanutcache.peers, peanutcache.node.name,"
      + " peanutcache.rpc.timeout, peanutcache.load.timeout, peanutcache.connect.timeout,"
      + " peanutcache.handoff.timeout, peanutcache.partitions, peanutcache.max-message-size, peanutcache.requests.threads,"
      + " peanutcache.requests.queue, peanutcache.requests.iterations, peanutcache.events.threads,"
      + " peanutcache.events.queue, peanutcache.listeners.per-cache, peanutcache.serialization.allow,"
      + " peanutcache.tls.certificate, peanutcache.tls.key, peanutcache.tls.keystore,"
      + " peanutcache.tls.keystore-password, peanutcache.tls.trust, peanutcache.tls.member-names,"
      + " peanutcache.etcd.endpoints,"
      + " peanutcache.cluster, peanutcache.etcd.prefix, peanutcache.etcd.lease-ttl, peanutcache.etcd.tls.trust,"
      + " peanutcache.etcd.tls.certificate, peanutcache.etcd.tls.key, peanutcache.etcd.user,"
      + " peanutcache.etcd.password, peanutcache.etcd.password-file; per-cache settings start with"
      + " peanutcache.cache.";

  private static final String VARIABLES = "one of the node settings PEANUTCACHE_BIND,"
      + " PEANUTCACHE_ADVERTISE, PEANUTCACHE_PEERS, PEANUTCACHE_NODE_NAME,"
      + " PEANUTCACHE_RPC_TIMEOUT, PEANUTCACHE_LOAD_TIMEOUT, PEANUTCACHE_CONNECT_TIMEOUT,"
      + " PEANUTCACHE_HANDOFF_TIMEOUT, PEANUTCACHE_PARTITIONS, PEANUTCACHE_MAX_MESSAGE_SIZE, PEANUTCACHE_REQUESTS_THREADS,"
      + " PEANUTCACHE_REQUESTS_QUEUE, PEANUTCACHE_REQUESTS_ITERATIONS, PEANUTCACHE_EVENTS_THREADS,"
      + " PEANUTCACHE_EVENTS_QUEUE, PEANUTCACHE_LISTENERS_PER_CACHE, PEANUTCACHE_SERIALIZATION_ALLOW,"
      + " PEANUTCACHE_TLS_CERTIFICATE, PEANUTCACHE_TLS_KEY, PEANUTCACHE_TLS_KEYSTORE,"
      + " PEANUTCACHE_TLS_KEYSTORE_PASSWORD, PEANUTCACHE_TLS_TRUST, PEANUTCACHE_TLS_MEMBER_NAMES,"
      + " PEANUTCACHE_ETCD_ENDPOINTS, PEANUTCACHE_CLUSTER, PEANUTCACHE_ETCD_PREFIX, PEANUTCACHE_ETCD_LEASE_TTL,"
      + " PEANUTCACHE_ETCD_TLS_TRUST, PEANUTCACHE_ETCD_TLS_CERTIFICATE, PEANUTCACHE_ETCD_TLS_KEY,"
      + " PEANUTCACHE_ETCD_USER, PEANUTCACHE_ETCD_PASSWORD, PEANUTCACHE_ETCD_PASSWORD_FILE";

  private static InvalidSettingException fails(NodeSettingPlace place) {
    return assertThrows(InvalidSettingException.class, place::resolve);
  }

  /** Checks every part of the error and the message that puts them together. */
  private static void assertInvalid(InvalidSettingException invalid, String key, String value,
      String where, String allowed) {
    assertEquals("invalid setting " + key + "=" + value + " (in " + where + "): allowed: "
        + allowed, invalid.getMessage());
    assertEquals(key, invalid.getKey());
    assertEquals(value, invalid.getValue());
    assertEquals(allowed, invalid.getAllowed());
  }

  @ParameterizedTest
  @EnumSource(Place.class)
  void aMalformedBindAddressNamesKeyValuePlaceAndTheFormsAllowed(Place place) {
    InvalidSettingException invalid =
        fails(new NodeSettingPlace().set(place, "peanutcache.bind", " localhost "));

    assertInvalid(invalid, "peanutcache.bind", "localhost", place.where("peanutcache.bind"),
        ADDRESS);
  }

  @Test
  void anErrorInTheFileCarriesTheFilesUri() {
    InvalidSettingException invalid =
        fails(new NodeSettingPlace().set(SETTINGS_FILE, "peanutcache.bind", "localhost"));

    assertEquals(Optional.of(URI.create("classpath:peanutcache.properties")),
        invalid.getSource());
  }

  @ParameterizedTest
  @EnumSource(value = Place.class, names = "SETTINGS_FILE", mode = EnumSource.Mode.EXCLUDE)
  void anErrorOutsideTheFileCarriesNoUri(Place place) {
    InvalidSettingException invalid =
        fails(new NodeSettingPlace().set(place, "peanutcache.bind", "localhost"));

    assertEquals(Optional.empty(), invalid.getSource());
  }

  @Test
  void aFileWithoutANameIsCalledTheSettingsFile() {
    Properties file = new Properties();
    file.setProperty("peanutcache.partitions", "0");

    InvalidSettingException invalid = assertThrows(InvalidSettingException.class,
        () -> NodeSettings.resolve(null, new Properties(), Map.of(), file, null));

    assertInvalid(invalid, "peanutcache.partitions", "0", "settings file",
        "a whole number from 1 to 65536");
    assertEquals(Optional.empty(), invalid.getSource());
  }

  @Test
  void aFileNameThatIsNoUriIsStillNamed() {
    Properties file = new Properties();
    file.setProperty("peanutcache.partitions", "0");

    InvalidSettingException invalid = assertThrows(InvalidSettingException.class,
        () -> NodeSettings.resolve(null, new Properties(), Map.of(), file, "my settings"));

    assertEquals("invalid setting peanutcache.partitions=0 (in my settings): allowed: a whole"
        + " number from 1 to 65536", invalid.getMessage());
  }

  @Test
  void aMalformedAdvertiseAddressIsAnError() {
    InvalidSettingException invalid = fails(new NodeSettingPlace()
        .set(SYSTEM_PROPERTY, "peanutcache.advertise", "::1:7070"));

    assertInvalid(invalid, "peanutcache.advertise", "::1:7070", "system property", ADDRESS);
  }

  @Test
  void aMalformedPeerNamesTheEntry() {
    InvalidSettingException invalid = fails(new NodeSettingPlace()
        .set(MANAGER_PROPERTIES, "peanutcache.bind", "10.0.0.1:7070")
        .set(ENVIRONMENT_VARIABLE, "peanutcache.peers", "10.0.0.1:7070, 10.0.0.2"));

    assertInvalid(invalid, "peanutcache.peers", "10.0.0.1:7070, 10.0.0.2",
        "environment variable PEANUTCACHE_PEERS",
        "a comma-separated list of " + ADDRESS + "; not \"10.0.0.2\"");
  }

  @ParameterizedTest
  @ValueSource(strings = {"10.0.0.1:7070,,10.0.0.2:7070", "10.0.0.1:7070,", ",10.0.0.1:7070",
      "10.0.0.1:7070, ,10.0.0.2:7070"})
  void anEmptyPeerEntryIsAnError(String peers) {
    InvalidSettingException invalid = fails(new NodeSettingPlace()
        .set(MANAGER_PROPERTIES, "peanutcache.bind", "10.0.0.1:7070")
        .set(MANAGER_PROPERTIES, "peanutcache.peers", peers));

    assertInvalid(invalid, "peanutcache.peers", peers, "CacheManager properties",
        "a comma-separated list of " + ADDRESS + "; not an empty entry");
  }

  @Test
  void peersWithoutBindAreAnError() {
    InvalidSettingException invalid = fails(new NodeSettingPlace()
        .set(ENVIRONMENT_VARIABLE, "peanutcache.peers", "10.0.0.1:7070,10.0.0.2:7070"));

    assertInvalid(invalid, "peanutcache.peers", "10.0.0.1:7070,10.0.0.2:7070",
        "environment variable PEANUTCACHE_PEERS", "a list only when peanutcache.bind is set"
            + " too: bind is required when peers are set (leave peanutcache.peers empty for an"
            + " embedded node)");
  }

  @Test
  void peersWithAdvertiseButWithoutBindAreAnError() {
    InvalidSettingException invalid = fails(new NodeSettingPlace()
        .set(SYSTEM_PROPERTY, "peanutcache.advertise", "10.0.0.1:7070")
        .set(SYSTEM_PROPERTY, "peanutcache.peers", "10.0.0.1:7070,10.0.0.2:7070"));

    assertEquals("peanutcache.peers", invalid.getKey());
    assertEquals("a list only when peanutcache.bind is set too: bind is required when peers are"
        + " set (leave peanutcache.peers empty for an embedded node)", invalid.getAllowed());
  }

  @Test
  void peersThatLeaveOutThisNodeShowItsAddress() {
    InvalidSettingException invalid = fails(new NodeSettingPlace()
        .set(SYSTEM_PROPERTY, "peanutcache.bind", "10.0.0.1:7070")
        .set(SETTINGS_FILE, "peanutcache.peers", "10.0.0.2:7070,10.0.0.3:7070"));

    assertInvalid(invalid, "peanutcache.peers", "10.0.0.2:7070,10.0.0.3:7070",
        "classpath:peanutcache.properties", "a list that names every node, this one included;"
            + " this node's advertise address 10.0.0.1:7070 is not in it (peanutcache.advertise"
            + " is not set, so it is the peanutcache.bind address)");
  }

  @Test
  void peersThatLeaveOutTheAdvertiseAddressAreAnErrorEvenWhenTheyNameTheBindAddress() {
    InvalidSettingException invalid = fails(new NodeSettingPlace()
        .set(MANAGER_PROPERTIES, "peanutcache.bind", "0.0.0.0:7070")
        .set(MANAGER_PROPERTIES, "peanutcache.advertise", "10.0.0.1:7070")
        .set(MANAGER_PROPERTIES, "peanutcache.peers", "0.0.0.0:7070,10.0.0.2:7070"));

    assertInvalid(invalid, "peanutcache.peers", "0.0.0.0:7070,10.0.0.2:7070",
        "CacheManager properties", "a list that names every node, this one included; this"
            + " node's advertise address 10.0.0.1:7070 is not in it");
  }

  @Test
  void aPeerListedTwiceIsAnError() {
    InvalidSettingException invalid = fails(new NodeSettingPlace()
        .set(MANAGER_PROPERTIES, "peanutcache.bind", "10.0.0.1:7070")
        .set(MANAGER_PROPERTIES, "peanutcache.peers", "10.0.0.1:7070,10.0.0.2:7070,10.0.0.2:7070"));

    assertInvalid(invalid, "peanutcache.peers", "10.0.0.1:7070,10.0.0.2:7070,10.0.0.2:7070",
        "CacheManager properties", "each node once; 10.0.0.2:7070 is listed more than once");
  }

  @Test
  void twoSpellingsOfOnePeerAreListedTwice() {
    InvalidSettingException invalid = fails(new NodeSettingPlace()
        .set(MANAGER_PROPERTIES, "peanutcache.bind", "[::1]:7070")
        .set(MANAGER_PROPERTIES, "peanutcache.peers", "[::1]:7070, [0:0:0:0:0:0:0:1]:7070"));

    assertEquals("each node once; [::1]:7070 is listed more than once", invalid.getAllowed());
  }

  @ParameterizedTest
  @ValueSource(strings = {"abc", "10", "1.5s", "-5s", "0s", "PT0S", "0ms", ""})
  void aTimeoutThatIsNoDurationOrNotMoreThanZeroIsAnError(String timeout) {
    for (String key : List.of("peanutcache.rpc.timeout", "peanutcache.load.timeout",
        "peanutcache.connect.timeout", "peanutcache.handoff.timeout")) {
      InvalidSettingException invalid = fails(new NodeSettingPlace().set(SYSTEM_PROPERTY, key, timeout));

      assertInvalid(invalid, key, timeout, "system property", DURATION);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "65537", "-1", "1.5", "many", "", "271 partitions",
      "99999999999"})
  void partitionsOutOfRangeAreAnError(String partitions) {
    InvalidSettingException invalid = fails(new NodeSettingPlace()
        .set(ENVIRONMENT_VARIABLE, "peanutcache.partitions", partitions));

    assertInvalid(invalid, "peanutcache.partitions", partitions,
        "environment variable PEANUTCACHE_PARTITIONS", "a whole number from 1 to 65536");
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "1048575", "1023KiB", "1025MiB", "2GiB", "16 MiB of data", "many", "", "-1MiB"})
  void aMaxMessageSizeOutsideOneMibToOneGibIsAnError(String size) {
    InvalidSettingException invalid = fails(new NodeSettingPlace()
        .set(SYSTEM_PROPERTY, "peanutcache.max-message-size", size));

    assertInvalid(invalid, "peanutcache.max-message-size", size.trim(), "system property",
        "a number of bytes from 1MiB to 1GiB: a whole number of at least 1, optionally followed by a"
            + " unit B, KB, MB, GB (1000-based) or KiB, MiB, GiB (1024-based)");
  }

  @ParameterizedTest
  @CsvSource({
      "peanutcache.requests.threads, 0, 10000", "peanutcache.requests.threads, 10001, 10000",
      "peanutcache.events.threads, many, 10000", "peanutcache.requests.queue, 0, 1000000",
      "peanutcache.requests.iterations, 1000001, 1000000", "peanutcache.events.queue, -5, 1000000",
      "peanutcache.listeners.per-cache, 1.5, 1000000"})
  void aLimitOutsideItsRangeIsAnError(String key, String value, int max) {
    InvalidSettingException invalid = fails(new NodeSettingPlace().set(MANAGER_PROPERTIES, key, value));

    assertInvalid(invalid, key, value, "CacheManager properties", "a whole number from 1 to " + max);
  }

  @ParameterizedTest
  @ValueSource(strings = {"1", "65536"})
  void partitionsAtTheBoundsAreAllowed(String partitions) {
    NodeSettings settings = new NodeSettingPlace()
        .set(MANAGER_PROPERTIES, "peanutcache.partitions", partitions)
        .resolve();

    assertEquals(Integer.parseInt(partitions), settings.partitions());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   "})
  void aBlankNodeNameIsAnError(String name) {
    InvalidSettingException invalid = fails(new NodeSettingPlace()
        .set(SETTINGS_FILE, "peanutcache.node.name", name));

    assertInvalid(invalid, "peanutcache.node.name", "", "classpath:peanutcache.properties",
        "a name that is not blank");
  }

  @ParameterizedTest
  @EnumSource(value = Place.class, names = "ENVIRONMENT_VARIABLE", mode = EnumSource.Mode.EXCLUDE)
  void anUnknownKeyFailsInEveryPlaceAndListsTheKeys(Place place) {
    InvalidSettingException invalid = fails(new NodeSettingPlace()
        .set(place, "peanutcache.peer", "10.0.0.1:7070"));

    assertInvalid(invalid, "peanutcache.peer", "10.0.0.1:7070", place.where("peanutcache.peer"),
        KEYS);
  }

  @Test
  void anUnknownEnvironmentVariableFailsAndListsTheVariables() {
    NodeSettingPlace place = new NodeSettingPlace();
    place.environment.put("PEANUTCACHE_PEER", "10.0.0.1:7070");

    assertInvalid(fails(place), "PEANUTCACHE_PEER", "10.0.0.1:7070",
        "environment variable PEANUTCACHE_PEER", VARIABLES);
  }

  @Test
  void anUnknownKeyFailsEvenWhenAnotherPlaceSetsTheRightOne() {
    InvalidSettingException invalid = fails(new NodeSettingPlace()
        .set(MANAGER_PROPERTIES, "peanutcache.partitions", "64")
        .set(SETTINGS_FILE, "peanutcache.partition", "64"));

    assertEquals("peanutcache.partition", invalid.getKey());
  }

  @Test
  void anUnknownKeyFailsBeforeAnyValueIsRead() {
    InvalidSettingException invalid = fails(new NodeSettingPlace()
        .set(MANAGER_PROPERTIES, "peanutcache.partitions", "many")
        .set(SETTINGS_FILE, "peanutcache.rpc-timeout", "1s"));

    assertEquals("peanutcache.rpc-timeout", invalid.getKey());
  }

  @Test
  void aKeyUnderAnotherPeanutCachePrefixIsUnknown() {
    InvalidSettingException invalid = fails(new NodeSettingPlace()
        .set(SYSTEM_PROPERTY, "peanutcache.caches.scores.expiry", "eternal"));

    assertEquals("peanutcache.caches.scores.expiry", invalid.getKey());
    assertEquals(KEYS, invalid.getAllowed());
  }

  @ParameterizedTest
  @EnumSource(value = Place.class, names = "ENVIRONMENT_VARIABLE", mode = EnumSource.Mode.EXCLUDE)
  void aNodeSettingWhoseValueIsNoStringIsAnError(Place place) {
    NodeSettingPlace places = new NodeSettingPlace();
    Properties properties = switch (place) {
      case MANAGER_PROPERTIES -> places.manager;
      case SYSTEM_PROPERTY -> places.system;
      default -> places.file;
    };
    properties.put("peanutcache.partitions", 271);

    assertInvalid(fails(places), "peanutcache.partitions", "271",
        place.where("peanutcache.partitions"), "a String value, not a java.lang.Integer");
  }

  @Test
  void everyErrorIsACacheException() {
    InvalidSettingException invalid = fails(new NodeSettingPlace()
        .set(SYSTEM_PROPERTY, "peanutcache.partitions", "0"));

    assertInstanceOf(CacheException.class, invalid);
    assertEquals("invalid setting peanutcache.partitions=0 (in system property): allowed: a whole"
        + " number from 1 to 65536", invalid.toString().substring(invalid.getClass().getName()
            .length() + 2));
  }

  @ParameterizedTest
  @EnumSource(Place.class)
  void aMalformedAllowListPatternNamesItAndWhatIsAllowed(Place place) {
    InvalidSettingException invalid = fails(new NodeSettingPlace()
        .set(place, "peanutcache.serialization.allow", "com.example.**,org.*.Money"));

    assertEquals("peanutcache.serialization.allow", invalid.getKey());
    assertEquals("com.example.**,org.*.Money", invalid.getValue());
    assertEquals(io.peanutcache.codec.AllowList.SETTING_ALLOWED, invalid.getAllowed());
    assertTrue(invalid.getCause().getMessage().startsWith("malformed pattern \"org.*.Money\""),
        invalid.getCause().getMessage());
  }

  @ParameterizedTest
  @EnumSource(Place.class)
  void aTlsFileWithoutTheOthersNamesWhatGoesWithIt(Place place) {
    InvalidSettingException invalid = fails(new NodeSettingPlace()
        .set(place, "peanutcache.tls.certificate", "pom.xml"));

    assertEquals("peanutcache.tls.certificate", invalid.getKey());
    assertEquals("a value only together with peanutcache.tls.certificate, peanutcache.tls.key, "
        + "peanutcache.tls.trust; peanutcache.tls.key is not set", invalid.getAllowed());
  }

  @Test
  void aTlsFileThatCannotBeReadIsNamed() {
    InvalidSettingException invalid = fails(new NodeSettingPlace()
        .set(Place.MANAGER_PROPERTIES, "peanutcache.tls.certificate", "pom.xml")
        .set(Place.MANAGER_PROPERTIES, "peanutcache.tls.key", "no-such-key.pem")
        .set(Place.MANAGER_PROPERTIES, "peanutcache.tls.trust", "pom.xml"));

    assertEquals("peanutcache.tls.key", invalid.getKey());
    assertTrue(invalid.getAllowed().startsWith("the path of a readable PEM file; "), invalid.getAllowed());
    assertTrue(invalid.getAllowed().endsWith("no-such-key.pem is not one"), invalid.getAllowed());
  }
}
