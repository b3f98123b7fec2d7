package io.peanutcache.benchmarks;

import io.peanutcache.settings.TlsSettings;
import io.peanutcache.testing.TestCertificates;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The certificates of a cluster whose nodes talk mutual TLS, made for one trial in a temporary
 * directory and deleted with it: an authority and one certificate it signs for {@code localhost}
 * and {@code 127.0.0.1}, which every node presents, as nodes on one host may. EC P-256 keys,
 * as the README's {@code openssl} recipe makes them.
 */
final class BenchCertificates implements AutoCloseable {

  private final Path directory;
  private final Map<String, String> nodeSettings;

  private BenchCertificates(Path directory, Map<String, String> nodeSettings) {
    this.directory = directory;
    this.nodeSettings = nodeSettings;
  }

  /**
   * Makes the authority and the node certificate in a new temporary directory.
   *
   * @return the certificates
   * @throws UncheckedIOException if the directory cannot be made
   */
  static BenchCertificates make() {
    Path directory;
    try {
      directory = Files.createTempDirectory("peanutcache-bench-tls");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot make a directory for the benchmark's certificates", e);
    }
    TestCertificates authority = TestCertificates.authority(directory, "bench");
    TestCertificates.Issued node = authority.issue("node");
    return new BenchCertificates(directory, Map.of(
        TlsSettings.CERTIFICATE_PROPERTY, node.certificate().toString(),
        TlsSettings.KEY_PROPERTY, node.key().toString(),
        TlsSettings.TRUST_PROPERTY, authority.trust().toString()));
  }

  /**
   * The node settings that make a node talk mutual TLS with these certificates.
   *
   * @return {@code peanutcache.tls.certificate}, {@code .key} and {@code .trust}
   */
  Map<String, String> nodeSettings() {
    return nodeSettings;
  }

  /** Deletes the files and their directory; the nodes read them when they started. */
  @Override
  public void close() {
    try (Stream<Path> files = Files.list(directory)) {
      for (Path file : files.toList()) {
        Files.deleteIfExists(file);
      }
      Files.deleteIfExists(directory);
    } catch (IOException e) {
      // a temporary directory: left to the system
    }
  }
}
