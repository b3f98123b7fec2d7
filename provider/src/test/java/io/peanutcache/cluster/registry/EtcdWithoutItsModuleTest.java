package io.peanutcache.cluster.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.peanutcache.spi.PeanutCachingProvider;
import io.peanutcache.testing.FreePorts;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.util.Properties;
import java.util.ServiceLoader;
import javax.cache.CacheException;
import javax.cache.spi.CachingProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The provider alone, as an application that sets {@code peanutcache.etcd.endpoints} but depends
 * only on {@code peanutcache-provider} runs it: the etcd registry is not on this module's class
 * path, so the node must refuse to start and say which artifact to add.
 */
class EtcdWithoutItsModuleTest {

  private final CachingProvider provider = new PeanutCachingProvider();

  @AfterEach
  void close() {
    provider.close();
  }

  @Test
  void theProviderCarriesNoRegistry() {
    assertFalse(ServiceLoader.load(Registry.class).iterator().hasNext(),
        "this test needs a class path without peanutcache-etcd");
  }

  @Test
  void anEtcdSettingFailsAtStartNamingTheArtifactToAdd() throws IOException {
    int port = FreePorts.ports(1).get(0);
    Properties properties = new Properties();
    properties.setProperty("peanutcache.bind", "127.0.0.1:" + port);
    properties.setProperty("peanutcache.node.name", "node-1");
    properties.setProperty("peanutcache.etcd.endpoints", "http://127.0.0.1:2379");

    CacheException refused = assertThrows(CacheException.class, () -> provider.getCacheManager(
        URI.create("urn:peanutcache:etcd-without-its-module"), getClass().getClassLoader(), properties));

    assertEquals("peanutcache.etcd.endpoints is [http://127.0.0.1:2379], but the etcd registry is not on "
        + "the class path: add the dependency io.peanutcache:peanutcache-etcd, of the version of "
        + "peanutcache-provider, or leave peanutcache.etcd.endpoints unset for a static peer list "
        + "(peanutcache.peers) or a single node", refused.getMessage());
    // the node stopped before it listened: its port is free again
    try (ServerSocket again = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      assertTrue(again.isBound());
    }
  }
}
