package io.peanutcache.settings;

import io.peanutcache.settings.NodeSettingSources.Found;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Mutual TLS between the nodes of a cluster: this node's certificate chain and private key, and
 * the certificate authorities a member's certificate must chain to. With them, a node accepts
 * only clients presenting a certificate the trust bundle vouches for, and calls its peers only
 * over TLS, checking theirs.
 *
 * <table>
 *   <caption>TLS settings</caption>
 *   <tr><th>key</th><th>value</th><th>default</th></tr>
 *   <tr><td>{@value #CERTIFICATE_PROPERTY}</td><td>a PEM file: this node's certificate, then the
 *       rest of its chain</td><td>none: plaintext</td></tr>
 *   <tr><td>{@value #KEY_PROPERTY}</td><td>a PEM file: this node's private key, unencrypted
 *       PKCS#8</td><td>none</td></tr>
 *   <tr><td>{@value #TRUST_PROPERTY}</td><td>a PEM file: the certificates of the authorities
 *       members' certificates chain to</td><td>none</td></tr>
 * </table>
 *
 * <p>The three go together: one without the others is an error, as is a file that cannot be read.
 *
 * @param certificate this node's certificate chain
 * @param key this node's private key
 * @param trust the authorities members' certificates chain to
 */
public record TlsSettings(Path certificate, Path key, Path trust) {

  /** The key of this node's certificate chain. */
  public static final String CERTIFICATE_PROPERTY = "peanutcache.tls.certificate";

  /** The key of this node's private key. */
  public static final String KEY_PROPERTY = "peanutcache.tls.key";

  /** The key of the trusted authorities. */
  public static final String TRUST_PROPERTY = "peanutcache.tls.trust";

  /** Every TLS setting's key. */
  static final List<String> KEYS = List.of(CERTIFICATE_PROPERTY, KEY_PROPERTY, TRUST_PROPERTY);

  private static final String FILE_ALLOWED = "the path of a readable PEM file";

  /**
   * Reads the TLS settings.
   *
   * @param sources the places settings come from
   * @return the settings, or empty when none of the three is set
   * @throws io.peanutcache.InvalidSettingException if some are set and not all, or a file cannot
   *     be read
   */
  static Optional<TlsSettings> read(NodeSettingSources sources) {
    Optional<Found> certificate = set(sources, CERTIFICATE_PROPERTY);
    Optional<Found> key = set(sources, KEY_PROPERTY);
    Optional<Found> trust = set(sources, TRUST_PROPERTY);
    if (certificate.isEmpty() && key.isEmpty() && trust.isEmpty()) {
      return Optional.empty();
    }
    Found given = certificate.or(() -> key).or(() -> trust).orElseThrow();
    for (String required : KEYS) {
      if (set(sources, required).isEmpty()) {
        throw given.invalid("a value only together with " + String.join(", ", KEYS) + "; "
            + required + " is not set");
      }
    }
    return Optional.of(new TlsSettings(file(certificate.get()), file(key.get()), file(trust.get())));
  }

  private static Optional<Found> set(NodeSettingSources sources, String key) {
    return sources.find(key).filter(found -> !found.value().isBlank());
  }

  private static Path file(Found setting) {
    Path path;
    try {
      path = Path.of(setting.value().trim());
    } catch (InvalidPathException malformed) {
      throw setting.invalid(FILE_ALLOWED, malformed);
    }
    if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
      throw setting.invalid(FILE_ALLOWED + "; " + path.toAbsolutePath() + " is not one");
    }
    return path;
  }
}
