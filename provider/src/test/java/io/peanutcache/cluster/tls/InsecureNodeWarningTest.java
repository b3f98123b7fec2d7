package io.peanutcache.cluster.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.peanutcache.management.MBeanRegistry;
import io.peanutcache.spi.PeanutCachingProvider;
import io.peanutcache.testing.FreePorts;
import io.peanutcache.testing.LogCapture;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.util.List;
import java.util.Properties;
import java.util.logging.Level;
import javax.cache.CacheManager;
import javax.cache.Caching;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A node that listens beyond loopback without TLS says so once at start, naming the settings that
 * would turn TLS on; one on loopback does not; the node's MXBean tells whether TLS is on.
 */
class InsecureNodeWarningTest {

  @RegisterExtension
  final LogCapture nodeLog = LogCapture.of("io.peanutcache.cluster.Node");

  private static CacheManager node(String bindHost, int port) {
    Properties settings = new Properties();
    settings.setProperty("peanutcache.bind", bindHost + ":" + port);
    settings.setProperty("peanutcache.advertise", "127.0.0.1:" + port);
    settings.setProperty("peanutcache.peers", "127.0.0.1:" + port);
    return Caching.getCachingProvider(PeanutCachingProvider.class.getName())
        .getCacheManager(URI.create("urn:insecure:" + bindHost + ":" + port), InsecureNodeWarningTest.class
            .getClassLoader(), settings);
  }

  @Test
  void aNodeListeningOnEveryAddressWithoutTlsWarnsOnceNamingTheSettings() throws Exception {
    int port = FreePorts.ports(1).get(0);
    try (CacheManager manager = node("0.0.0.0", port)) {
      List<String> warnings = nodeLog.messagesAtLeast(Level.WARNING);
      List<String> insecure = warnings.stream().filter(line -> line.contains("without TLS")).toList();
      assertEquals(1, insecure.size(), "warnings: " + warnings);
      assertEquals("node 127.0.0.1:" + port + " listens on 0.0.0.0:" + port + " without TLS: any client that "
          + "reaches this address is taken for a peer and nothing it sends is encrypted; set "
          + "peanutcache.tls.certificate, peanutcache.tls.key and peanutcache.tls.trust on every node",
          insecure.get(0));
      assertEquals(false, ManagementFactory.getPlatformMBeanServer()
          .getAttribute(MBeanRegistry.nodeObjectName("127.0.0.1:" + port), "Tls"));
    }
  }

  @Test
  void aNodeListeningOnLoopbackDoesNotWarn() throws Exception {
    int port = FreePorts.ports(1).get(0);
    try (CacheManager manager = node("127.0.0.1", port)) {
      assertEquals(List.of(), nodeLog.messagesAtLeast(Level.WARNING).stream().filter(line -> line.contains("without TLS")).toList());
    }
  }
}
