package io.peanutcache.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import io.peanutcache.InvalidSettingException;

class HostAndPortTest {

  private static final String KEY = "peanutcache.bind";

  @ParameterizedTest
  @CsvSource({
      "node-1.example.com:7070, node-1.example.com, 7070, node-1.example.com:7070",
      "localhost:1, localhost, 1, localhost:1",
      "cache_node:65535, cache_node, 65535, cache_node:65535",
      "10.0.0.1:7070, 10.0.0.1, 7070, 10.0.0.1:7070",
      "0.0.0.0:7070, 0.0.0.0, 7070, 0.0.0.0:7070",
      "255.255.255.255:80, 255.255.255.255, 80, 255.255.255.255:80",
      "host.123:80, host.123, 80, host.123:80",
      "[::1]:7070, ::1, 7070, [::1]:7070",
      "[::]:7070, ::, 7070, [::]:7070",
      "[2001:db8::42]:443, 2001:db8::42, 443, [2001:db8::42]:443",
      "'  10.0.0.1:7070  ', 10.0.0.1, 7070, 10.0.0.1:7070"})
  void readsHostNamesIpv4AndBracketedIpv6(String text, String host, int port, String written) {
    HostAndPort address = HostAndPort.parse(KEY, text);

    assertEquals(host, address.host());
    assertEquals(port, address.port());
    assertEquals(written, address.toString());
    assertEquals(address, HostAndPort.parse(KEY, address.toString()));
  }

  @Test
  void hostNamesAreLowerCasedSoThatTheyCompareEqual() {
    HostAndPort address = HostAndPort.parse(KEY, "Node-1.Example.COM:7070");

    assertEquals("node-1.example.com:7070", address.toString());
    assertEquals(HostAndPort.parse(KEY, "node-1.example.com:7070"), address);
  }

  @ParameterizedTest
  @CsvSource({
      "[0:0:0:0:0:0:0:1]:7070, [::1]:7070",
      "[2001:DB8:0:0:0:0:0:1]:80, [2001:db8::1]:80",
      "[2001:0db8::0001]:80, [2001:db8::1]:80",
      "[1:0:0:2:0:0:0:3]:80, [1:0:0:2::3]:80",
      "[1:0:0:2:0:0:3:4]:80, [1::2:0:0:3:4]:80",
      "[1:2:3:4:5:6:7::]:80, [1:2:3:4:5:6:7:0]:80",
      "[1:0:2:3:4:5:6:7]:80, [1:0:2:3:4:5:6:7]:80",
      "[fe80::]:80, [fe80::]:80",
      "[::ffff:10.0.0.1]:80, [::ffff:a00:1]:80",
      "[64:ff9b:0:0:0:0:192.0.2.33]:80, [64:ff9b::c000:221]:80"})
  void ipv6AddressesAreWrittenInTheirCanonicalForm(String text, String canonical) {
    HostAndPort address = HostAndPort.parse(KEY, text);

    assertTrue(address.isIpv6());
    assertEquals(canonical, address.toString());
  }

  @Test
  void twoSpellingsOfOneIpv6AddressAreEqual() {
    assertEquals(HostAndPort.parse(KEY, "[::1]:7070"), HostAndPort.parse(KEY, "[0::0:1]:7070"));
    assertEquals(new HostAndPort("0:0:0:0:0:0:0:1", 7070), HostAndPort.parse(KEY, "[::1]:7070"));
  }

  @Test
  void differentPortsOrHostsAreDifferentAddresses() {
    HostAndPort address = HostAndPort.parse(KEY, "10.0.0.1:7070");

    assertNotEquals(address, HostAndPort.parse(KEY, "10.0.0.1:7071"));
    assertNotEquals(address, HostAndPort.parse(KEY, "10.0.0.2:7070"));
    assertFalse(address.isIpv6());
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "", "   ", "localhost", "localhost:", ":7070", "host:0", "host:65536", "host:99999",
      "host:123456", "host:-1", "host:+80", "host:abc", "host:70 70", "bad host:7070",
      "-host:7070", "host-:7070", "a..b:7070", ".host:7070", "host.:7070", "host/x:7070",
      "10.0.0:7070", "10.0.0.256:7070", "010.0.0.1:7070", "1.2.3.4.5:7070", "300:7070",
      "::1:7070", "::1", "[::1]", "[::1]7070", "[::1]:", "[::1:7070", "::1]:7070", "[]:7070",
      "[1::2::3]:7070", ":::1", "[:::1]:7070", "[1:2:3:4:5:6:7:8:9]:7070",
      "[1:2:3:4:5:6:7]:7070", "[12345::]:7070", "[g::1]:7070", "[fe80::1%eth0]:7070",
      "[::1%1]:7070", "[1:]:7070", "[:1]:7070", "[::10.0.0.1.5]:7070",
      "[::10.0.0.1:1]:7070", "[10.0.0.1::]:7070", "[localhost]:7070"})
  void rejectsWhatIsNotHostColonPort(String text) {
    InvalidSettingException invalid =
        assertThrows(InvalidSettingException.class, () -> HostAndPort.parse(KEY, text));

    assertEquals(KEY, invalid.getKey());
    assertEquals(text.trim(), invalid.getValue());
    assertEquals(HostAndPort.ALLOWED, invalid.getAllowed());
    assertEquals(Optional.empty(), invalid.getSource());
  }

  @Test
  void errorNamesKeyValueAndTheFormsAllowed() {
    InvalidSettingException invalid =
        assertThrows(InvalidSettingException.class, () -> HostAndPort.parse(KEY, "localhost"));

    assertEquals("invalid setting peanutcache.bind=localhost: allowed: host:port, IPv4:port or"
        + " [IPv6]:port with a port from 1 to 65535 (node-1.example.com:7070, 10.0.0.1:7070,"
        + " [::1]:7070)", invalid.getMessage());
  }

  @Test
  void constructorPutsTheHostInCanonicalForm() {
    assertEquals("[::1]:7070", new HostAndPort("::1", 7070).toString());
    assertEquals("node:1", new HostAndPort("NODE", 1).toString());
  }

  @ParameterizedTest
  @ValueSource(ints = {0, -1, 65536})
  void constructorRejectsPortsOutOfRange(int port) {
    assertThrows(IllegalArgumentException.class, () -> new HostAndPort("localhost", port));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "[::1]", "bad host", "1::2::3", "10.0.0.256"})
  void constructorRejectsWhatIsNoHost(String host) {
    assertThrows(IllegalArgumentException.class, () -> new HostAndPort(host, 7070));
  }

  @Test
  void nullsAreRejected() {
    assertThrows(NullPointerException.class, () -> HostAndPort.parse(KEY, null));
    assertThrows(NullPointerException.class, () -> HostAndPort.parse(null, "localhost:1"));
    assertThrows(NullPointerException.class, () -> new HostAndPort(null, 1));
  }
}
