package io.peanutcache.samples.scores;

import io.peanutcache.testing.TestCertificates;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The files the README's {@code openssl} recipe makes, {@code ca.pem}, {@code node.pem} and
 * {@code node-key.pem}, made for a test by the provider's {@link TestCertificates} and named as the
 * recipe names them: an authority, and a certificate it signs for {@code localhost} and
 * {@code 127.0.0.1} with its unencrypted PKCS#8 key.
 */
final class RecipeFiles {

  private RecipeFiles() {}

  /**
   * Makes the three files.
   *
   * @param directory where they are written
   * @return the directory, for {@code --tls}
   * @throws IOException if they cannot be written
   */
  static Path makeIn(Path directory) throws IOException {
    TestCertificates authority = TestCertificates.authority(directory, "scores");
    TestCertificates.Issued node = authority.issue("node");
    Files.move(authority.trust(), directory.resolve(Transport.Tls.TRUST));
    Files.move(node.certificate(), directory.resolve(Transport.Tls.CERTIFICATE));
    if (!node.key().equals(directory.resolve(Transport.Tls.KEY))) {
      Files.move(node.key(), directory.resolve(Transport.Tls.KEY));
    }
    return directory;
  }
}
