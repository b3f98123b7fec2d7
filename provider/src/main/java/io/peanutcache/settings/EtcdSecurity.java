package io.peanutcache.settings;

import io.peanutcache.settings.NodeSettingSources.Found;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How a node and etcd trust each other: the authorities etcd's certificate must chain to, this
 * node's client certificate, and the etcd user it calls as, with its password.
 *
 * <table>
 *   <caption>etcd security settings</caption>
 *   <tr><th>key</th><th>value</th><th>default</th></tr>
 *   <tr><td>{@value #TRUST_PROPERTY}</td><td>a PEM file: the certificates of the authorities
 *       etcd's certificate chains to</td><td>the JDK's default trusted authorities</td></tr>
 *   <tr><td>{@value #CERTIFICATE_PROPERTY}</td><td>a PEM file: this node's client certificate,
 *       then the rest of its chain</td><td>none: no client certificate</td></tr>
 *   <tr><td>{@value #KEY_PROPERTY}</td><td>a PEM file: the client certificate's private key,
 *       unencrypted PKCS#8</td><td>none</td></tr>
 *   <tr><td>{@value #USER_PROPERTY}</td><td>the etcd user this node calls as</td><td>none: no
 *       user, or the common name of the client certificate when etcd runs with
 *       {@code --client-cert-auth}</td></tr>
 *   <tr><td>{@value #PASSWORD_PROPERTY}</td><td>that user's password</td><td>none</td></tr>
 *   <tr><td>{@value #PASSWORD_FILE_PROPERTY}</td><td>a file holding that user's password (one
 *       line; a final line break is not part of it)</td><td>none</td></tr>
 * </table>
 *
 * <p>The TLS files go only with {@code https://} endpoints, which always use TLS: without
 * {@value #TRUST_PROPERTY}, etcd's certificate must chain to one of the JDK's default authorities.
 * The certificate and its key go together; a user goes with exactly one of the password and the
 * password file, and the password with a user. A file that cannot be read is an error. The
 * password appears in no message and no {@link #toString()}.
 */
public final class EtcdSecurity {

  /** The key of the authorities etcd's certificate chains to. */
  public static final String TRUST_PROPERTY = "peanutcache.etcd.tls.trust";

  /** The key of this node's client certificate chain. */
  public static final String CERTIFICATE_PROPERTY = "peanutcache.etcd.tls.certificate";

  /** The key of the client certificate's private key. */
  public static final String KEY_PROPERTY = "peanutcache.etcd.tls.key";

  /** The key of the etcd user. */
  public static final String USER_PROPERTY = "peanutcache.etcd.user";

  /** The key of the etcd user's password. */
  public static final String PASSWORD_PROPERTY = "peanutcache.etcd.password";

  /** The key of the file holding the etcd user's password. */
  public static final String PASSWORD_FILE_PROPERTY = "peanutcache.etcd.password-file";

  /** Every etcd security setting's key. */
  static final List<String> KEYS = List.of(TRUST_PROPERTY, CERTIFICATE_PROPERTY, KEY_PROPERTY,
      USER_PROPERTY, PASSWORD_PROPERTY, PASSWORD_FILE_PROPERTY);

  /** No TLS files and no user: plaintext, or TLS trusting the JDK's default authorities. */
  public static final EtcdSecurity NONE = new EtcdSecurity(null, null, null, null, null);

  /** What a message shows instead of a password. */

  private static final String FILE_ALLOWED = "the path of a readable PEM file";

  private final Path trust;
  private final Path certificate;
  private final Path key;
  private final String user;
  private final String password;

  private EtcdSecurity(Path trust, Path certificate, Path key, String user, String password) {
    this.trust = trust;
    this.certificate = certificate;
    this.key = key;
    this.user = user;
    this.password = password;
  }

  /**
   * The authorities etcd's certificate must chain to.
   *
   * @return the PEM file; empty when the JDK's default authorities are trusted
   */
  public Optional<Path> trust() {
    return Optional.ofNullable(trust);
  }

  /**
   * This node's client certificate chain; present exactly when {@link #key()} is.
   *
   * @return the PEM file; empty when the node presents no client certificate
   */
  public Optional<Path> certificate() {
    return Optional.ofNullable(certificate);
  }

  /**
   * The client certificate's private key; present exactly when {@link #certificate()} is.
   *
   * @return the PEM file, unencrypted PKCS#8; empty without a client certificate
   */
  public Optional<Path> key() {
    return Optional.ofNullable(key);
  }

  /**
   * The etcd user this node calls as; present exactly when {@link #password()} is.
   *
   * @return the user's name; empty when the node gives no user (etcd then takes the client
   *     certificate's common name, if it asks for one)
   */
  public Optional<String> user() {
    return Optional.ofNullable(user);
  }

  /**
   * The etcd user's password, read from {@value #PASSWORD_PROPERTY} or
   * {@value #PASSWORD_FILE_PROPERTY}. Never log it.
   *
   * @return the password; empty without a user
   */
  public Optional<String> password() {
    return Optional.ofNullable(password);
  }

  /**
   * Reads the security settings. They are checked whether or not etcd is in use; that they go
   * with {@code https://} endpoints is checked when there are endpoints.
   *
   * @param sources the places settings come from
   * @param endpoints the etcd endpoints, empty without etcd
   * @return the settings, {@link #NONE} when none is set
   * @throws io.peanutcache.InvalidSettingException if a TLS file is set with {@code http://}
   *     endpoints, the certificate without its key (or the key without it), a file cannot be
   *     read, the password and the password file are both set, or a user without a password
   *     (or a password without a user)
   */
  static EtcdSecurity read(NodeSettingSources sources, List<URI> endpoints) {
    Optional<Found> trust = sources.findSet(TRUST_PROPERTY);
    Optional<Found> certificate = sources.findSet(CERTIFICATE_PROPERTY);
    Optional<Found> key = sources.findSet(KEY_PROPERTY);
    if (certificate.isPresent() != key.isPresent()) {
      Found given = certificate.or(() -> key).orElseThrow();
      String missing = certificate.isPresent() ? KEY_PROPERTY : CERTIFICATE_PROPERTY;
      throw given.invalid("a value only together with " + CERTIFICATE_PROPERTY + " and " + KEY_PROPERTY
          + "; " + missing + " is not set");
    }
    Optional<Found> tlsFile = trust.or(() -> certificate);
    if (tlsFile.isPresent() && !endpoints.isEmpty() && !endpoints.get(0).getScheme().equals("https")) {
      throw tlsFile.get().invalid("a value only with https:// endpoints in " + EtcdSettings.ENDPOINTS_PROPERTY
          + ", which are " + endpoints);
    }
    String user = readUser(sources);
    String password = readPassword(sources, user);
    return new EtcdSecurity(file(trust), file(certificate), file(key), user, password);
  }

  private static Path file(Optional<Found> setting) {
    return setting.map(found -> found.readableFile(FILE_ALLOWED)).orElse(null);
  }

  private static String readUser(NodeSettingSources sources) {
    Optional<Found> user = sources.findSet(USER_PROPERTY);
    if (user.isPresent() && sources.findSet(PASSWORD_PROPERTY).isEmpty()
        && sources.findSet(PASSWORD_FILE_PROPERTY).isEmpty()) {
      throw user.get().invalid("a user only together with " + PASSWORD_PROPERTY + " or "
          + PASSWORD_FILE_PROPERTY + " (a node that calls as the common name of its client certificate "
          + "sets no user)");
    }
    return user.map(found -> found.value().trim()).orElse(null);
  }

  private static String readPassword(NodeSettingSources sources, String user) {
    Optional<Found> password = sources.findSet(PASSWORD_PROPERTY).map(Found::hidden);
    Optional<Found> passwordFile = sources.findSet(PASSWORD_FILE_PROPERTY);
    if (password.isPresent() && passwordFile.isPresent()) {
      throw passwordFile.get().invalid("either " + PASSWORD_PROPERTY + " or " + PASSWORD_FILE_PROPERTY
          + ", not both (" + PASSWORD_PROPERTY + " is set too, in " + password.get().where() + ")");
    }
    Optional<Found> given = password.or(() -> passwordFile);
    if (given.isPresent() && user == null) {
      throw given.get().invalid("a password only together with " + USER_PROPERTY);
    }
    if (password.isPresent()) {
      return sources.find(PASSWORD_PROPERTY).orElseThrow().value().trim();
    }
    return passwordFile.map(EtcdSecurity::passwordIn).orElse(null);
  }

  /** The password a file holds: its text without the final line break. */
  private static String passwordIn(Found setting) {
    String allowed = "the path of a readable file holding the password of " + USER_PROPERTY;
    Path path = setting.path(allowed);
    String text;
    try {
      text = Files.readString(path, StandardCharsets.UTF_8);
    } catch (IOException | RuntimeException unreadable) {
      throw setting.invalid(allowed + "; " + path.toAbsolutePath() + " cannot be read (" + unreadable + ")");
    }
    String password = text.endsWith("\r\n") ? text.substring(0, text.length() - 2)
        : text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
    if (password.isEmpty()) {
      throw setting.invalid(allowed + "; " + path.toAbsolutePath() + " is empty");
    }
    return password;
  }





  @Override
  public boolean equals(Object other) {
    return other instanceof EtcdSecurity that
        && Objects.equals(trust, that.trust)
        && Objects.equals(certificate, that.certificate)
        && Objects.equals(key, that.key)
        && Objects.equals(user, that.user)
        && Objects.equals(password, that.password);
  }

  @Override
  public int hashCode() {
    return Objects.hash(trust, certificate, key, user, password);
  }

  /** The files and the user that are set; never the password. */
  @Override
  public String toString() {
    List<String> set = new ArrayList<>();
    if (trust != null) {
      set.add("trust=" + trust);
    }
    if (certificate != null) {
      set.add("certificate=" + certificate + ", key=" + key);
    }
    if (user != null) {
      set.add("user=" + user + ", password=" + NodeSettingSources.HIDDEN);
    }
    return "EtcdSecurity{" + (set.isEmpty() ? "none" : String.join(", ", set)) + "}";
  }
}
