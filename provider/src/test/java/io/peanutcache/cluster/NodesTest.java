package io.peanutcache.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.peanutcache.jcache.PeanutCacheManager;
import io.peanutcache.spi.PeanutCachingProvider;
import io.peanutcache.testing.FreePorts;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.util.List;
import java.util.Properties;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.Test;

/** One node per distinct node settings, shared by the CacheManagers that have them. */
class NodesTest {

  private final PeanutCachingProvider provider = new PeanutCachingProvider();

  private static Properties node(String bind, String peers) {
    Properties properties = new Properties();
    properties.setProperty("peanutcache.bind", bind);
    properties.setProperty("peanutcache.peers", peers);
    return properties;
  }

  private static boolean listening(String address) {
    String[] hostPort = address.split(":");
    try (ServerSocket probe = new ServerSocket()) {
      probe.bind(new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1])));
      return false;
    } catch (IOException inUse) {
      return true;
    }
  }

  @Test
  void managersWithTheSameNodeSettingsShareOneNodeThatStopsWithTheLast() {
    String address = FreePorts.loopbackAddresses(1).get(0);
    CacheManager first = provider.getCacheManager(URI.create("urn:app:orders"), getClass().getClassLoader(),
        node(address, address));
    CacheManager second = provider.getCacheManager(URI.create("urn:app:users"), getClass().getClassLoader(),
        node(address, address));

    assertSame(Nodes.of(first), Nodes.of(second));
    assertTrue(listening(address));

    Cache<String, String> orders = first.createCache("cache", new MutableConfiguration<String, String>());
    Cache<String, String> users = second.createCache("cache", new MutableConfiguration<String, String>());
    orders.put("k", "order");
    users.put("k", "user");
    assertEquals("order", orders.get("k"), "caches of other URIs are other caches, even of the same name");
    assertEquals("user", users.get("k"));

    first.close();
    assertTrue(listening(address), "the node runs while a manager holds it");
    assertEquals("user", users.get("k"));

    second.close();
    assertFalse(listening(address), "the last manager to close stops the node");
  }

  @Test
  void aNodeKeepsCountingOwnerOperationsAcrossARestart() {
    String address = FreePorts.loopbackAddresses(1).get(0);
    // a node of an earlier test in this JVM may have had the same address, and its count is kept too
    long before = Nodes.ownerOperations().getOrDefault(address, 0L);
    URI uri = URI.create("urn:app:counted");
    CacheManager first = provider.getCacheManager(uri, getClass().getClassLoader(), node(address, address));
    Cache<String, String> cache = first.createCache("cache", new MutableConfiguration<String, String>());
    cache.put("a", "1");
    cache.get("a");
    first.close();
    assertEquals(before + 2, Nodes.ownerOperations().get(address), "the stopped node's count is kept");

    CacheManager second = provider.getCacheManager(uri, getClass().getClassLoader(), node(address, address));
    second.createCache("cache", new MutableConfiguration<String, String>()).put("b", "2");
    assertEquals(before + 3, Nodes.ownerOperations().get(address), "the restarted node adds to it");
    second.close();
  }

  @Test
  void anEmbeddedManagerOpensNoSocket() {
    CacheManager embedded = provider.getCacheManager(URI.create("urn:app:embedded"), getClass().getClassLoader());
    assertTrue(embedded.unwrap(PeanutCacheManager.class).nodeStatus().isEmpty());
    assertThrows(IllegalArgumentException.class, () -> Nodes.of(embedded));
    embedded.close();
  }

  @Test
  void aBindAddressInUseIsReportedWithTheSetting() throws IOException {
    List<String> addresses = FreePorts.loopbackAddresses(1);
    String address = addresses.get(0);
    String[] hostPort = address.split(":");
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1])));
      CacheException thrown = assertThrows(CacheException.class, () -> provider.getCacheManager(
          URI.create("urn:app:clash"), getClass().getClassLoader(), node(address, address)));
      assertTrue(thrown.getMessage().contains("peanutcache.bind") && thrown.getMessage().contains(address),
          thrown.getMessage());
    }
  }
}
