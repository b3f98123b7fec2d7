package io.peanutcache.cluster.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.peanutcache.settings.TlsSettings;
import io.peanutcache.settings.TlsSettings.KeyStoreIdentity;
import io.peanutcache.settings.TlsSettings.Password;
import io.peanutcache.settings.TlsSettings.PemIdentity;
import io.peanutcache.testing.TestCertificates;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * What the TLS files must hold: a PEM chain and its PKCS#8 key, or a PKCS#12 keystore with one
 * key, and a PEM trust bundle; each problem names the setting at fault, never the password.
 */
class TlsMaterialTest {

  private static final Path FILES = TestCertificates.directory("peanutcache-tls-material");
  private static final TestCertificates AUTHORITY = TestCertificates.authority(FILES, "material");
  private static final TestCertificates.Issued NODE = AUTHORITY.issue("node");
  private static final String PASSWORD = "s3cret-password";

  private static Path write(String name, String content) {
    try {
      return Files.writeString(FILES.resolve(name), content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static TlsSettings pem(Path certificate, Path key, Path trust) {
    return new TlsSettings(new PemIdentity(certificate, key), trust, false);
  }

  private static TlsSettings keystore(Path keystore, String password) {
    return new TlsSettings(new KeyStoreIdentity(keystore, new Password(password.toCharArray())), AUTHORITY.trust(),
        false);
  }

  private static TlsMaterial.Unusable unusable(TlsSettings settings) {
    return assertThrows(TlsMaterial.Unusable.class, () -> TlsMaterial.read(settings));
  }

  @Test
  void aPemChainItsKeyAndTheTrustAreRead() throws Exception {
    TlsMaterial material = TlsMaterial.read(pem(NODE.certificate(), NODE.key(), AUTHORITY.trust()));

    assertEquals(NODE.serial(), material.chain().get(0).getSerialNumber());
    assertEquals(2, material.chain().size(), "the node's certificate, then its authority's");
    assertEquals(1, material.authorities().size());
  }

  @Test
  void aKeystoreIsOpenedWithItsPassword() throws Exception {
    Path keystore = NODE.keystore(FILES.resolve("node.p12"), PASSWORD);

    TlsMaterial material = TlsMaterial.read(keystore(keystore, PASSWORD));

    assertEquals(NODE.serial(), material.chain().get(0).getSerialNumber());
  }

  @Test
  void aWrongPasswordNamesThePasswordSettingWithoutShowingAPassword() {
    Path keystore = NODE.keystore(FILES.resolve("wrong-password.p12"), PASSWORD);

    TlsMaterial.Unusable wrong = unusable(keystore(keystore, "not-the-password"));

    assertEquals(TlsSettings.KEYSTORE_PASSWORD_PROPERTY, wrong.setting());
    assertTrue(wrong.getMessage().startsWith("peanutcache.tls.keystore-password: it does not open "
        + "peanutcache.tls.keystore=" + keystore), wrong.getMessage());
    assertFalse(wrong.getMessage().contains(PASSWORD), wrong.getMessage());
    assertFalse(wrong.getMessage().contains("not-the-password"), wrong.getMessage());
  }

  @Test
  void aFileThatIsNoKeystoreNamesTheKeystoreSetting() {
    TlsMaterial.Unusable notPkcs12 = unusable(keystore(NODE.certificate(), PASSWORD));

    assertEquals(TlsSettings.KEYSTORE_PROPERTY, notPkcs12.setting());
    assertTrue(notPkcs12.getMessage().contains("it is no PKCS#12 file that can be read"), notPkcs12.getMessage());
    assertFalse(notPkcs12.getMessage().contains(PASSWORD), notPkcs12.getMessage());
  }

  @Test
  void aKeyOfAnotherCertificateIsRefused() {
    TestCertificates.Issued other = AUTHORITY.issue("other");

    TlsMaterial.Unusable mismatch = unusable(pem(NODE.certificate(), other.key(), AUTHORITY.trust()));

    assertEquals(TlsSettings.KEY_PROPERTY, mismatch.setting());
    assertTrue(mismatch.getMessage().contains("its key is not the key of the certificate CN=node"),
        mismatch.getMessage());
  }

  @Test
  void aKeyThatIsNotPkcs8SaysHowToConvertIt() {
    Path sec1 = write("sec1-key.pem", "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIA==\n-----END EC PRIVATE KEY-----\n");

    TlsMaterial.Unusable notPkcs8 = unusable(pem(NODE.certificate(), sec1, AUTHORITY.trust()));

    assertEquals(TlsSettings.KEY_PROPERTY, notPkcs8.setting());
    assertTrue(notPkcs8.getMessage().contains("it holds a PEM EC PRIVATE KEY, not an unencrypted PKCS#8 one; "
        + "allowed: " + TlsMaterial.KEY_ALLOWED), notPkcs8.getMessage());
    assertTrue(notPkcs8.getMessage().contains("openssl pkcs8 -topk8 -nocrypt"), notPkcs8.getMessage());
  }

  @Test
  void aTrustWithoutCertificatesNamesTheTrustSetting() {
    Path empty = write("empty-trust.pem", "no certificate here\n");

    TlsMaterial.Unusable noTrust = unusable(pem(NODE.certificate(), NODE.key(), empty));

    assertEquals(TlsSettings.TRUST_PROPERTY, noTrust.setting());
    assertTrue(noTrust.getMessage().startsWith("peanutcache.tls.trust=" + empty + ": "), noTrust.getMessage());
  }

  @Test
  void aCertificateFileWithoutACertificateNamesTheCertificateSetting() {
    Path garbage = write("garbage.pem", new String(new byte[] {1, 2, 3}, StandardCharsets.ISO_8859_1));

    TlsMaterial.Unusable noCertificate = unusable(pem(garbage, NODE.key(), AUTHORITY.trust()));

    assertEquals(TlsSettings.CERTIFICATE_PROPERTY, noCertificate.setting());
  }

  @Test
  void aFileThatCannotBeReadNamesItsSetting() throws IOException {
    Path gone = FILES.resolve("gone.pem");
    Files.copy(NODE.key(), gone);
    TlsSettings settings = pem(NODE.certificate(), gone, AUTHORITY.trust());
    Files.delete(gone);

    TlsMaterial.Unusable unreadable = unusable(settings);

    assertEquals(TlsSettings.KEY_PROPERTY, unreadable.setting());
    assertTrue(unreadable.getMessage().contains("it cannot be read"), unreadable.getMessage());
  }
}
