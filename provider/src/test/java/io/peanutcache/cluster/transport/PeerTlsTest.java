package io.peanutcache.cluster.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.peanutcache.settings.TlsSettings;
import io.peanutcache.settings.TlsSettings.KeyStoreIdentity;
import io.peanutcache.settings.TlsSettings.Password;
import io.peanutcache.settings.TlsSettings.PemIdentity;
import io.peanutcache.testing.LogCapture;
import io.peanutcache.testing.TestCertificates;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.logging.Level;
import javax.cache.CacheException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A node's TLS follows its files: a changed keystore, certificate or trust bundle is taken at the
 * next read of the files, with one INFO line; files that change to something that cannot be used
 * leave the node with what it had and, once they stayed so for one more read, one warning naming
 * the setting. The reads are made by the test here, not waited for.
 */
class PeerTlsTest {

  private static final String PASSWORD = "s3cret-password";

  private final Path files = TestCertificates.directory("peanutcache-peer-tls");
  private final TestCertificates authority = TestCertificates.authority(files, "rotation");
  private final TestCertificates.Issued first = authority.issue("first");
  private final TestCertificates.Issued second = authority.issue("second");

  @RegisterExtension
  final LogCapture log = LogCapture.of(PeerTls.class);

  /** Puts a copy of {@code source} at {@code target} in one rename. */
  private Path replace(Path target, Path source) {
    try {
      Path next = Files.createTempFile(files, "next-", ".tmp");
      Files.copy(source, next, StandardCopyOption.REPLACE_EXISTING);
      return Files.move(next, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** PEM files the test may change: copies of {@code first}'s. */
  private TlsSettings pemFiles() {
    return new TlsSettings(new PemIdentity(replace(files.resolve("node.pem"), first.certificate()),
        replace(files.resolve("node-key.pem"), first.key())), replace(files.resolve("trust.pem"), authority.trust()),
        false);
  }

  @Test
  void aChangedKeystoreIsTakenAtTheNextRead() {
    Path keystore = first.keystore(files.resolve("node.p12"), PASSWORD);
    TlsSettings settings = new TlsSettings(new KeyStoreIdentity(keystore, new Password(PASSWORD.toCharArray())),
        authority.trust(), false);
    try (PeerTls tls = PeerTls.load(settings, "node-a")) {
      assertEquals(first.serial(), tls.certificate().getSerialNumber());

      replace(keystore, second.keystore(files.resolve("second.p12"), PASSWORD));
      tls.readFiles();

      assertEquals(second.serial(), tls.certificate().getSerialNumber());
      List<String> taken = log.messages(Level.INFO);
      assertEquals(1, taken.size(), taken.toString());
      assertTrue(taken.get(0).startsWith("node node-a took its changed TLS files [peanutcache.tls.keystore="
          + keystore + "]: new connections present CN=second, serial " + second.serial().toString(16)), taken.get(0));
      assertFalse(taken.get(0).contains(PASSWORD), taken.get(0));
    }
  }

  @Test
  void filesThatDoNotChangeAreNotTakenAgain() {
    try (PeerTls tls = PeerTls.load(pemFiles(), "node-a")) {
      tls.readFiles();
      tls.readFiles();

      assertEquals(first.serial(), tls.certificate().getSerialNumber());
      assertEquals(List.of(), log.messages(Level.INFO));
    }
  }

  @Test
  void aFileThatChangesToSomethingUnusableKeepsWhatTheNodeHasAndIsWarnedOfOnce() throws IOException {
    TlsSettings settings = pemFiles();
    Path certificate = ((PemIdentity) settings.identity()).certificate();
    try (PeerTls tls = PeerTls.load(settings, "node-a")) {
      Files.writeString(certificate, "not a certificate");
      tls.readFiles();
      assertEquals(List.of(), log.messages(Level.WARNING), "no warning at the first sight: it may be half written");
      tls.readFiles();
      tls.readFiles();

      assertEquals(first.serial(), tls.certificate().getSerialNumber());
      List<String> warnings = log.messages(Level.WARNING);
      assertEquals(1, warnings.size(), warnings.toString());
      assertTrue(warnings.get(0).startsWith("node node-a keeps the TLS certificate, key and authorities it has, "
          + "as its changed TLS files cannot be used: peanutcache.tls.certificate=" + certificate + ": "),
          warnings.get(0));

      replace(certificate, second.certificate());
      replace(((PemIdentity) settings.identity()).key(), second.key());
      tls.readFiles();
      assertEquals(second.serial(), tls.certificate().getSerialNumber());
    }
  }

  @Test
  void aRotationSeenHalfDoneIsTakenOnceDoneWithoutAWarning() {
    TlsSettings settings = pemFiles();
    try (PeerTls tls = PeerTls.load(settings, "node-a")) {
      replace(((PemIdentity) settings.identity()).certificate(), second.certificate());
      tls.readFiles(); // the new certificate with the old key

      assertEquals(first.serial(), tls.certificate().getSerialNumber());
      replace(((PemIdentity) settings.identity()).key(), second.key());
      tls.readFiles();

      assertEquals(second.serial(), tls.certificate().getSerialNumber());
      assertEquals(List.of(), log.messages(Level.WARNING));
    }
  }

  @Test
  void aNewTrustBundleIsTakenAndTheCertificateStays() {
    TlsSettings settings = pemFiles();
    TestCertificates other = TestCertificates.authority(files, "other");
    try (PeerTls tls = PeerTls.load(settings, "node-a")) {
      replace(settings.trust(), TestCertificates.bundle(files.resolve("both.pem"), authority, other));
      tls.readFiles();

      assertEquals(2, tls.authorities().size());
      assertEquals(first.serial(), tls.certificate().getSerialNumber());
    }
  }

  @Test
  void aNodeThatCannotOpenItsKeystoreDoesNotStartAndDoesNotShowThePassword() {
    Path keystore = first.keystore(files.resolve("node.p12"), PASSWORD);
    TlsSettings settings = new TlsSettings(new KeyStoreIdentity(keystore, new Password("Wr0ng-pa55".toCharArray())),
        authority.trust(), false);

    CacheException refused = assertThrows(CacheException.class, () -> PeerTls.load(settings, "node-a"));

    assertTrue(refused.getMessage().startsWith("the TLS files cannot be used: peanutcache.tls.keystore-password: "
        + "it does not open peanutcache.tls.keystore=" + keystore), refused.getMessage());
    assertFalse(refused.getMessage().contains("Wr0ng-pa55"), refused.getMessage());
  }
}
