package io.peanutcache.etcd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.etcd.jetcd.auth.Permission;
import io.peanutcache.cluster.Nodes;
import io.peanutcache.cluster.membership.Member;
import io.peanutcache.settings.EtcdSecurity;
import io.peanutcache.etcd.testing.EtcdServer;
import io.peanutcache.testing.InJvmCluster;
import io.peanutcache.testing.TestCertificates;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Nodes that reach a real etcd over mutual TLS, with etcd's authentication on and a user whose
 * role may use only the cluster's prefix: they register, watch and keep their cache definitions
 * through it; a wrong password, a certificate either side does not trust and a user without
 * rights on the prefix each fail the start at once, with a message that names the setting.
 */
class EtcdSecurityTest {

  private static final Path FILES = directory();
  private static final TestCertificates ETCD_AUTHORITY = TestCertificates.authority(FILES, "etcd");
  /** The client certificate of the nodes; its common name is no etcd user. */
  private static final TestCertificates.Issued NODE = ETCD_AUTHORITY.issue("peanutcache-node");

  @RegisterExtension
  static final EtcdServer ETCD = EtcdServer.overTls(ETCD_AUTHORITY).withAuth();

  private static final URI URI = java.net.URI.create("urn:peanutcache:etcd-security-test");

  /** The cluster each test starts itself, once it has made the users it needs. */
  private final InJvmCluster cluster = InJvmCluster.of(0).etcd(ETCD::endpoint).uri(URI).startedByTheTest()
      .with("peanutcache.etcd.lease-ttl", "2s").with("peanutcache.rpc.timeout", "5s");

  private final String prefix = "/peanutcache/" + cluster.clusterName() + "/";

  private static Path directory() {
    try {
      Path directory = Files.createTempDirectory("peanutcache-etcd-tls");
      directory.toFile().deleteOnExit();
      return directory;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @AfterEach
  void closeTheNodes() {
    cluster.close();
  }

  /** Has the nodes trust etcd's authority and present the nodes' client certificate. */
  private InJvmCluster overTls() {
    return cluster.with(Map.of(EtcdSecurity.TRUST_PROPERTY, ETCD_AUTHORITY.trust().toString(),
        EtcdSecurity.CERTIFICATE_PROPERTY, NODE.certificate().toString(),
        EtcdSecurity.KEY_PROPERTY, NODE.key().toString()));
  }

  private InJvmCluster asUser(String user, String password) {
    return cluster.with(EtcdSecurity.USER_PROPERTY, user).with(EtcdSecurity.PASSWORD_PROPERTY, password);
  }

  private static List<String> members(CacheManager node) {
    return Nodes.of(node).view().members().stream().map(Member::name).toList();
  }

  private String refusal() {
    CacheException refused = assertThrows(CacheException.class, () -> cluster.add("refused"));
    System.out.println("refused: " + refused.getMessage());
    return refused.getMessage();
  }

  @Test
  void nodesRegisterWatchAndKeepDefinitionsThroughEtcdOverTlsAsAUserOfThePrefix() throws Exception {
    ETCD.addUser("orders", "orders-secret", prefix);
    overTls();
    asUser("orders", "orders-secret");

    CacheManager a = cluster.add("a");
    CacheManager b = cluster.add("b");
    await(() -> members(a).equals(List.of("a", "b")) && members(b).equals(List.of("a", "b")));
    a.createCache("orders", new MutableConfiguration<String, String>().setTypes(String.class, String.class));
    CacheManager c = cluster.add("c");
    await(() -> members(a).size() == 3 && members(b).size() == 3);

    // node c knows the cache from its definition in etcd
    Cache<String, String> fromC = c.getCache("orders", String.class, String.class);
    for (int i = 0; i < 20; i++) {
      fromC.put("order-" + i, "paid-" + i);
    }
    for (int i = 0; i < 20; i++) {
      assertEquals("paid-" + i, a.getCache("orders", String.class, String.class).get("order-" + i));
      assertEquals("paid-" + i, b.getCache("orders", String.class, String.class).get("order-" + i));
    }
    assertEquals(List.of("a", "b", "c"), members(c));
    Map<String, String> stored = ETCD.read(prefix);
    assertTrue(stored.keySet().containsAll(List.of(prefix + "members/a", prefix + "members/b", prefix + "members/c")),
        stored.keySet().toString());
    assertTrue(stored.keySet().stream().anyMatch(key -> key.startsWith(prefix + "caches/") && key.endsWith("/orders")),
        "the definition is stored under " + prefix + "caches/: " + stored.keySet());
  }

  @Test
  void aClientCertificateWhoseCommonNameIsAUserNeedsNoPassword() {
    TestCertificates.Issued certificateUser = ETCD_AUTHORITY.issue("certificate-user");
    ETCD.addUser("certificate-user", "unused-password", prefix);
    cluster.with(Map.of(EtcdSecurity.TRUST_PROPERTY, ETCD_AUTHORITY.trust().toString(),
        EtcdSecurity.CERTIFICATE_PROPERTY, certificateUser.certificate().toString(),
        EtcdSecurity.KEY_PROPERTY, certificateUser.key().toString()));

    CacheManager node = cluster.add("by-certificate");

    assertEquals(List.of("by-certificate"), members(node));
  }

  @Test
  void aWrongPasswordFailsTheStartNamingTheUserSettings() {
    ETCD.addUser("careless", "right-password", prefix);
    overTls();
    asUser("careless", "wrong-password");

    String message = refusal();

    assertTrue(message.contains("etcd refused the user careless"), message);
    assertTrue(message.contains("authentication failed"), message);
    assertTrue(message.contains(EtcdSecurity.USER_PROPERTY) && message.contains(EtcdSecurity.PASSWORD_PROPERTY),
        message);
    assertFalse(message.contains("wrong-password") || message.contains("right-password"), message);
  }

  @Test
  void anEtcdCertificateOfAnotherAuthorityFailsTheStartNamingTheTrust() {
    TestCertificates stranger = TestCertificates.authority(FILES, "stranger");
    overTls();
    cluster.with(EtcdSecurity.TRUST_PROPERTY, stranger.trust().toString());
    asUser("nobody", "no-password");

    String message = refusal();

    assertTrue(message.contains("this node does not trust etcd's certificate"), message);
    assertTrue(message.contains(EtcdSecurity.TRUST_PROPERTY + " naming the PEM certificate of the authority "
        + "that signed etcd's certificate"), message);
    assertTrue(message.contains("now " + stranger.trust()), message);
  }

  @Test
  void anHttpsEndpointWithoutATrustFileTrustsOnlyTheJdksAuthorities() {
    cluster.with(Map.of(EtcdSecurity.CERTIFICATE_PROPERTY, NODE.certificate().toString(),
        EtcdSecurity.KEY_PROPERTY, NODE.key().toString()));

    String message = refusal();

    assertTrue(message.contains("this node does not trust etcd's certificate"), message);
    assertTrue(message.contains(EtcdSecurity.TRUST_PROPERTY + " naming"), message);
    assertTrue(message.contains("only the JDK's default authorities are trusted"), message);
  }

  @Test
  void aNodeWithoutAClientCertificateIsRefusedNamingTheCertificateSettings() {
    ETCD.addUser("no-certificate", "its-password", prefix);
    cluster.with(EtcdSecurity.TRUST_PROPERTY, ETCD_AUTHORITY.trust().toString());
    asUser("no-certificate", "its-password");

    String message = refusal();

    assertTrue(message.contains("etcd refused the TLS handshake"), message);
    assertTrue(message.contains(EtcdSecurity.CERTIFICATE_PROPERTY + " and " + EtcdSecurity.KEY_PROPERTY), message);
  }

  @Test
  void aUserWithoutRightsOnThePrefixIsRefusedNamingThePrefix() {
    ETCD.addUser("elsewhere", "its-password", "/peanutcache/elsewhere/");
    overTls();
    asUser("elsewhere", "its-password");

    String message = refusal();

    assertTrue(message.contains("etcd does not let the user elsewhere (" + EtcdSecurity.USER_PROPERTY
        + ") read and write the cluster's keys under " + prefix), message);
    assertTrue(message.contains("permission denied"), message);
    assertTrue(message.contains("readwrite " + prefix), message);
  }

  @Test
  void aUserWhoMayOnlyReadThePrefixIsRefusedNamingThePrefix() throws Exception {
    ETCD.addUser("reader", "its-password", prefix, Permission.Type.READ);
    overTls();
    asUser("reader", "its-password");

    String message = refusal();

    assertTrue(message.contains("etcd does not let the user reader (" + EtcdSecurity.USER_PROPERTY
        + ") read and write the cluster's keys under " + prefix), message);
    assertEquals(Map.of(), ETCD.read(prefix), "the refused node left nothing in etcd");
  }

  private static void await(java.util.function.BooleanSupplier condition) {
    io.peanutcache.testing.Await.until(java.time.Duration.ofSeconds(10), condition, () -> "the nodes did not see each other");
  }
}
