package io.peanutcache.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.peanutcache.InvalidSettingException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The TLS files and the user a node reaches etcd with: what is read, and a clear error for each mistake. */
class EtcdSecuritySettingsTest {

  private static final String HTTPS = "https://127.0.0.1:2379";

  @TempDir
  Path files;

  private Path trust;
  private Path certificate;
  private Path key;

  @BeforeEach
  void writeFiles() throws IOException {
    trust = Files.writeString(files.resolve("ca.pem"), "a certificate");
    certificate = Files.writeString(files.resolve("node.pem"), "a certificate");
    key = Files.writeString(files.resolve("node-key.pem"), "a key");
  }

  private static NodeSettings resolve(Map<String, String> environment, String... keysAndValues) {
    Properties properties = new Properties();
    properties.setProperty("peanutcache.bind", "127.0.0.1:7001");
    for (int i = 0; i < keysAndValues.length; i += 2) {
      properties.setProperty(keysAndValues[i], keysAndValues[i + 1]);
    }
    return NodeSettings.resolve(properties, new Properties(), environment, null, null);
  }

  private static EtcdSettings etcd(String... keysAndValues) {
    return resolve(Map.of(), keysAndValues).etcd().orElseThrow();
  }

  private static InvalidSettingException fails(String... keysAndValues) {
    return assertThrows(InvalidSettingException.class, () -> resolve(Map.of(), keysAndValues));
  }

  @Test
  void httpsEndpointsWithNothingElseTrustTheJdksAuthorities() {
    EtcdSettings etcd = etcd("peanutcache.etcd.endpoints", HTTPS);

    assertTrue(etcd.isTls());
    assertEquals(EtcdSecurity.NONE, etcd.security());
    assertEquals(Optional.empty(), etcd.security().trust());
  }

  @Test
  void theTlsFilesAndTheUserAreRead() {
    EtcdSecurity security = etcd("peanutcache.etcd.endpoints", HTTPS, "peanutcache.etcd.tls.trust", trust.toString(),
        "peanutcache.etcd.tls.certificate", certificate.toString(), "peanutcache.etcd.tls.key", key.toString(),
        "peanutcache.etcd.user", "orders", "peanutcache.etcd.password", " s3cret ").security();

    assertEquals(Optional.of(trust), security.trust());
    assertEquals(Optional.of(certificate), security.certificate());
    assertEquals(Optional.of(key), security.key());
    assertEquals(Optional.of("orders"), security.user());
    assertEquals(Optional.of("s3cret"), security.password());
  }

  @Test
  void aUserWorksOverPlainHttpAndFromTheEnvironment() {
    EtcdSecurity security = resolve(Map.of("PEANUTCACHE_ETCD_USER", "orders", "PEANUTCACHE_ETCD_PASSWORD", "s3cret"),
        "peanutcache.etcd.endpoints", "http://127.0.0.1:2379").etcd().orElseThrow().security();

    assertEquals(Optional.of("orders"), security.user());
    assertEquals(Optional.of("s3cret"), security.password());
  }

  @Test
  void aPasswordFileGivesItsTextWithoutTheFinalLineBreak() throws IOException {
    Path file = Files.writeString(files.resolve("password"), "pass word\n");

    EtcdSecurity security = etcd("peanutcache.etcd.endpoints", HTTPS, "peanutcache.etcd.user", "orders",
        "peanutcache.etcd.password-file", file.toString()).security();

    assertEquals(Optional.of("pass word"), security.password());
  }

  @Test
  void anEmptyOrMissingPasswordFileIsRefused() throws IOException {
    Path empty = Files.writeString(files.resolve("empty"), "\n");
    Path missing = files.resolve("missing");

    InvalidSettingException emptyFile = fails("peanutcache.etcd.endpoints", HTTPS, "peanutcache.etcd.user", "orders",
        "peanutcache.etcd.password-file", empty.toString());
    InvalidSettingException missingFile = fails("peanutcache.etcd.endpoints", HTTPS, "peanutcache.etcd.user",
        "orders", "peanutcache.etcd.password-file", missing.toString());

    assertEquals("peanutcache.etcd.password-file", emptyFile.getKey());
    assertTrue(emptyFile.getAllowed().endsWith(empty.toAbsolutePath() + " is empty"), emptyFile.getMessage());
    assertTrue(missingFile.getAllowed().startsWith("the path of a readable file holding the password of "
        + "peanutcache.etcd.user; " + missing.toAbsolutePath() + " cannot be read"), missingFile.getMessage());
  }

  @Test
  void aCertificateGoesWithItsKey() {
    InvalidSettingException noKey = fails("peanutcache.etcd.endpoints", HTTPS,
        "peanutcache.etcd.tls.certificate", certificate.toString());
    InvalidSettingException noCertificate = fails("peanutcache.etcd.endpoints", HTTPS,
        "peanutcache.etcd.tls.key", key.toString());

    assertEquals("peanutcache.etcd.tls.certificate", noKey.getKey());
    assertEquals("a value only together with peanutcache.etcd.tls.certificate and peanutcache.etcd.tls.key; "
        + "peanutcache.etcd.tls.key is not set", noKey.getAllowed());
    assertEquals("peanutcache.etcd.tls.key", noCertificate.getKey());
    assertTrue(noCertificate.getAllowed().endsWith("peanutcache.etcd.tls.certificate is not set"),
        noCertificate.getMessage());
  }

  @Test
  void aTlsFileThatCannotBeReadIsRefused() {
    Path missing = files.resolve("missing.pem");

    InvalidSettingException invalid = fails("peanutcache.etcd.endpoints", HTTPS,
        "peanutcache.etcd.tls.trust", missing.toString());

    assertEquals("peanutcache.etcd.tls.trust", invalid.getKey());
    assertEquals("the path of a readable PEM file; " + missing.toAbsolutePath() + " is not one", invalid.getAllowed());
  }

  @Test
  void tlsFilesGoOnlyWithHttpsEndpoints() {
    InvalidSettingException invalid = fails("peanutcache.etcd.endpoints", "http://127.0.0.1:2379",
        "peanutcache.etcd.tls.trust", trust.toString());

    assertEquals("peanutcache.etcd.tls.trust", invalid.getKey());
    assertEquals("a value only with https:// endpoints in peanutcache.etcd.endpoints, which are "
        + "[http://127.0.0.1:2379]", invalid.getAllowed());
  }

  @Test
  void theEndpointsAreAllHttpOrAllHttps() {
    InvalidSettingException invalid = fails("peanutcache.etcd.endpoints", "https://10.0.0.1:2379,http://10.0.0.2:2379");

    assertEquals("peanutcache.etcd.endpoints", invalid.getKey());
    assertTrue(invalid.getAllowed().endsWith(", all http:// or all https://: one client talks to every endpoint, "
        + "with TLS or without"), invalid.getMessage());
  }

  @Test
  void aPasswordAndAPasswordFileAreExclusiveAndTheMessageHidesThePassword() throws IOException {
    Path file = Files.writeString(files.resolve("password"), "from-file");

    InvalidSettingException invalid = fails("peanutcache.etcd.endpoints", HTTPS, "peanutcache.etcd.user", "orders",
        "peanutcache.etcd.password", "s3cret", "peanutcache.etcd.password-file", file.toString());

    assertEquals("peanutcache.etcd.password-file", invalid.getKey());
    assertTrue(invalid.getAllowed().startsWith("either peanutcache.etcd.password or peanutcache.etcd.password-file, "
        + "not both"), invalid.getMessage());
    assertFalse(invalid.getMessage().contains("s3cret") || invalid.getMessage().contains("from-file"),
        invalid.getMessage());
  }

  @Test
  void aUserNeedsAPassword() {
    InvalidSettingException invalid = fails("peanutcache.etcd.endpoints", HTTPS, "peanutcache.etcd.user", "orders");

    assertEquals("peanutcache.etcd.user", invalid.getKey());
    assertTrue(invalid.getAllowed().startsWith("a user only together with peanutcache.etcd.password or "
        + "peanutcache.etcd.password-file"), invalid.getMessage());
  }

  @Test
  void aPasswordNeedsAUserAndItsMessageHidesIt() {
    InvalidSettingException invalid = fails("peanutcache.etcd.endpoints", HTTPS, "peanutcache.etcd.password", "s3cret");

    assertEquals("invalid setting peanutcache.etcd.password=(hidden) (in CacheManager properties): allowed: "
        + "a password only together with peanutcache.etcd.user", invalid.getMessage());
    assertEquals("(hidden)", invalid.getValue());
  }

  @Test
  void thePasswordAppearsInNoDescriptionOfTheSettings() {
    NodeSettings settings = resolve(Map.of(), "peanutcache.etcd.endpoints", HTTPS, "peanutcache.etcd.user", "orders",
        "peanutcache.etcd.password", "s3cret");

    assertFalse(settings.toString().contains("s3cret"), settings.toString());
    assertTrue(settings.toString().contains("user=orders, password=(hidden)"), settings.toString());
  }

  @Test
  void securitySettingsAreCheckedEvenWithoutEtcd() {
    InvalidSettingException invalid = fails("peanutcache.etcd.tls.certificate", certificate.toString());

    assertEquals("peanutcache.etcd.tls.certificate", invalid.getKey());
  }
}
