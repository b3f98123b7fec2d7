package io.peanutcache.tck;

import io.peanutcache.settings.TlsSettings;
import io.peanutcache.testing.TestCertificates;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The certificates of the TCK's TLS pass, made when the pass starts: an authority and one
 * certificate it signs for {@code localhost} and {@code 127.0.0.1}, which every node of the
 * cluster presents, as nodes on one host may.
 *
 * @param certificate the PEM chain every node presents
 * @param key its PEM private key
 * @param trust the PEM certificate of the authority every node trusts
 */
record TckCertificates(Path certificate, Path key, Path trust) {

  /**
   * Makes the authority and the node certificate.
   *
   * @param directory where their PEM files are written, made if missing
   * @return the files
   */
  static TckCertificates makeIn(Path directory) {
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot make the directory of the TLS pass's certificates", e);
    }
    TestCertificates authority = TestCertificates.authority(directory, "tck");
    TestCertificates.Issued node = authority.issue("node");
    return new TckCertificates(node.certificate(), node.key(), authority.trust());
  }

  /**
   * The node settings that make a node talk mutual TLS with these certificates.
   *
   * @return {@code peanutcache.tls.certificate}, {@code .key} and {@code .trust}
   */
  Map<String, String> nodeSettings() {
    return Map.of(TlsSettings.CERTIFICATE_PROPERTY, certificate.toString(),
        TlsSettings.KEY_PROPERTY, key.toString(), TlsSettings.TRUST_PROPERTY, trust.toString());
  }
}
