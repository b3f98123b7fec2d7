package io.peanutcache.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.peanutcache.InvalidSettingException;
import io.peanutcache.settings.TlsSettings.KeyStoreIdentity;
import io.peanutcache.settings.TlsSettings.Password;
import io.peanutcache.settings.TlsSettings.PemIdentity;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The TLS settings: a PEM certificate and key or a PKCS#12 keystore, never both, always with the
 * trust; member names only with TLS and only true or false; and a password that no message shows.
 */
class TlsSettingsTest {

  /** A file that exists and can be read: what the settings check of a file. */
  private static final String FILE = "pom.xml";

  private static NodeSettings resolve(String... keysAndValues) {
    Properties properties = new Properties();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      properties.setProperty(keysAndValues[i], keysAndValues[i + 1]);
    }
    return NodeSettings.resolve(properties, new Properties(), Map.of(), null, null);
  }

  private static Optional<TlsSettings> tls(String... keysAndValues) {
    return resolve(keysAndValues).tls();
  }

  private static InvalidSettingException fails(String... keysAndValues) {
    return assertThrows(InvalidSettingException.class, () -> resolve(keysAndValues));
  }

  @Test
  void noneSetIsPlaintext() {
    assertEquals(Optional.empty(), tls());
    assertEquals(Optional.empty(), tls("peanutcache.tls.member-names", "false"));
  }

  @Test
  void aPemCertificateKeyAndTrustTurnTlsOnWithoutMemberNames() {
    TlsSettings tls = tls("peanutcache.tls.certificate", FILE, "peanutcache.tls.key", FILE,
        "peanutcache.tls.trust", FILE).orElseThrow();

    assertEquals(new PemIdentity(Path.of(FILE), Path.of(FILE)), tls.identity());
    assertEquals(Path.of(FILE), tls.trust());
    assertFalse(tls.memberNames());
    assertEquals(Map.of("peanutcache.tls.certificate", Path.of(FILE), "peanutcache.tls.key", Path.of(FILE),
        "peanutcache.tls.trust", Path.of(FILE)), tls.files());
  }

  @Test
  void aKeystoreWithItsPasswordTurnsTlsOnAndMemberNamesAreReadInAnyCase() {
    TlsSettings tls = tls("peanutcache.tls.keystore", FILE, "peanutcache.tls.keystore-password", " s3cret ",
        "peanutcache.tls.trust", FILE, "peanutcache.tls.member-names", "TRUE").orElseThrow();

    assertEquals(new KeyStoreIdentity(Path.of(FILE), new Password(" s3cret ".toCharArray())), tls.identity());
    assertTrue(tls.memberNames());
    assertEquals(Map.of("peanutcache.tls.keystore", Path.of(FILE), "peanutcache.tls.trust", Path.of(FILE)),
        tls.files());
  }

  @Test
  void aKeystoreWithoutAPasswordHasTheEmptyOne() {
    TlsSettings tls = tls("peanutcache.tls.keystore", FILE, "peanutcache.tls.trust", FILE).orElseThrow();

    assertEquals(new KeyStoreIdentity(Path.of(FILE), new Password(new char[0])), tls.identity());
  }

  @Test
  void thePasswordNeverShowsInTheSettings() {
    NodeSettings settings = resolve("peanutcache.tls.keystore", FILE, "peanutcache.tls.keystore-password",
        "s3cret", "peanutcache.tls.trust", FILE);

    assertFalse(settings.toString().contains("s3cret"), settings.toString());
    assertTrue(settings.toString().contains("password=(hidden)"), settings.toString());
  }

  @Test
  void aPasswordWithoutAKeystoreIsRefusedWithoutShowingIt() {
    InvalidSettingException invalid = fails("peanutcache.tls.certificate", FILE, "peanutcache.tls.key", FILE,
        "peanutcache.tls.trust", FILE, "peanutcache.tls.keystore-password", "s3cret");

    assertEquals("peanutcache.tls.keystore-password", invalid.getKey());
    assertEquals("(hidden)", invalid.getValue());
    assertEquals("a value only together with peanutcache.tls.keystore, the keystore it opens; "
        + "peanutcache.tls.keystore is not set", invalid.getAllowed());
    assertFalse(invalid.getMessage().contains("s3cret"), invalid.getMessage());
  }

  @Test
  void bothAPemKeyAndAKeystoreAreRefused() {
    InvalidSettingException invalid = fails("peanutcache.tls.certificate", FILE, "peanutcache.tls.key", FILE,
        "peanutcache.tls.keystore", FILE, "peanutcache.tls.trust", FILE);

    assertEquals("peanutcache.tls.certificate", invalid.getKey());
    assertEquals("either peanutcache.tls.certificate and peanutcache.tls.key (PEM files) or "
        + "peanutcache.tls.keystore (a PKCS#12 file), not both; peanutcache.tls.keystore is set too, in "
        + "CacheManager properties", invalid.getAllowed());
  }

  @Test
  void aKeyWithoutItsCertificateNamesTheCertificate() {
    InvalidSettingException invalid = fails("peanutcache.tls.key", FILE, "peanutcache.tls.trust", FILE);

    assertEquals("peanutcache.tls.key", invalid.getKey());
    assertEquals("a value only together with peanutcache.tls.certificate, peanutcache.tls.key, "
        + "peanutcache.tls.trust; peanutcache.tls.certificate is not set", invalid.getAllowed());
  }

  @Test
  void aKeystoreWithoutTheTrustNamesTheTrust() {
    InvalidSettingException invalid = fails("peanutcache.tls.keystore", FILE);

    assertEquals("peanutcache.tls.keystore", invalid.getKey());
    assertEquals("a value only together with peanutcache.tls.keystore, peanutcache.tls.trust; "
        + "peanutcache.tls.trust is not set", invalid.getAllowed());
  }

  @Test
  void theTrustWithoutAKeyNamesTheKeys() {
    InvalidSettingException invalid = fails("peanutcache.tls.trust", FILE);

    assertEquals("peanutcache.tls.trust", invalid.getKey());
    assertEquals("a value only together with peanutcache.tls.certificate, peanutcache.tls.key, "
        + "peanutcache.tls.trust; peanutcache.tls.certificate and peanutcache.tls.key (or "
        + "peanutcache.tls.keystore) are not set", invalid.getAllowed());
  }

  @Test
  void aKeystoreThatCannotBeReadIsNamed() {
    InvalidSettingException invalid = fails("peanutcache.tls.keystore", "no-such-keystore.p12",
        "peanutcache.tls.trust", FILE);

    assertEquals("peanutcache.tls.keystore", invalid.getKey());
    assertTrue(invalid.getAllowed().startsWith("the path of a readable PKCS#12 file; "), invalid.getAllowed());
    assertTrue(invalid.getAllowed().endsWith("no-such-keystore.p12 is not one"), invalid.getAllowed());
  }

  @ParameterizedTest
  @ValueSource(strings = {"yes", "1", "on", ""})
  void memberNamesAreTrueOrFalse(String value) {
    InvalidSettingException invalid = fails("peanutcache.tls.certificate", FILE, "peanutcache.tls.key", FILE,
        "peanutcache.tls.trust", FILE, "peanutcache.tls.member-names", value);

    assertEquals("peanutcache.tls.member-names", invalid.getKey());
    assertEquals("true or false", invalid.getAllowed());
  }

  @Test
  void memberNamesWithoutTlsAreRefused() {
    InvalidSettingException invalid = fails("peanutcache.tls.member-names", "true");

    assertEquals("peanutcache.tls.member-names", invalid.getKey());
    assertTrue(invalid.getAllowed().startsWith("true only with mutual TLS between the nodes"), invalid.getAllowed());
  }
}
