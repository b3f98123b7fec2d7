package io.peanutcache.settings;

import io.peanutcache.settings.NodeSettingSources.Found;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Mutual TLS between the nodes of a cluster: this node's certificate chain and private key (two
 * PEM files, or one PKCS#12 keystore), the certificate authorities a member's certificate must
 * chain to, and whether a member's certificate must name the member. With them, a node accepts
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
 *   <tr><td>{@value #KEYSTORE_PROPERTY}</td><td>instead of the two above, a PKCS#12 file holding
 *       this node's private key and its certificate chain, one key entry</td><td>none</td></tr>
 *   <tr><td>{@value #KEYSTORE_PASSWORD_PROPERTY}</td><td>the password of the keystore and of its
 *       key</td><td>empty</td></tr>
 *   <tr><td>{@value #TRUST_PROPERTY}</td><td>a PEM file: the certificates of the authorities
 *       members' certificates chain to</td><td>none</td></tr>
 *   <tr><td>{@value #MEMBER_NAMES_PROPERTY}</td><td>{@code true} or {@code false}: whether a
 *       member's certificate must name the member, its node name as a DNS subject alternative
 *       name or a URI one {@code peanutcache:<name>}</td><td>false</td></tr>
 * </table>
 *
 * <p>TLS is on when a key is given, either {@value #CERTIFICATE_PROPERTY} with
 * {@value #KEY_PROPERTY} or {@value #KEYSTORE_PROPERTY}, never both, and then
 * {@value #TRUST_PROPERTY} is required; a trust bundle, a password or member names without a key
 * are errors, as is a file that cannot be read. What the files hold is checked when the node
 * starts, and again whenever they change: the node takes rotated files without a restart.
 *
 * @param identity this node's private key and certificate chain, and where they are read from
 * @param trust the authorities members' certificates chain to
 * @param memberNames whether a member's certificate must name the member
 */
public record TlsSettings(Identity identity, Path trust, boolean memberNames) {

  /** The key of this node's certificate chain. */
  public static final String CERTIFICATE_PROPERTY = "peanutcache.tls.certificate";

  /** The key of this node's private key. */
  public static final String KEY_PROPERTY = "peanutcache.tls.key";

  /** The key of this node's PKCS#12 keystore, instead of the certificate and key. */
  public static final String KEYSTORE_PROPERTY = "peanutcache.tls.keystore";

  /** The key of the keystore's password. */
  public static final String KEYSTORE_PASSWORD_PROPERTY = "peanutcache.tls.keystore-password";

  /** The key of the trusted authorities. */
  public static final String TRUST_PROPERTY = "peanutcache.tls.trust";

  /** The key of the check that a member's certificate names the member. */
  public static final String MEMBER_NAMES_PROPERTY = "peanutcache.tls.member-names";

  /** Every TLS setting's key. */
  static final List<String> KEYS = List.of(CERTIFICATE_PROPERTY, KEY_PROPERTY, KEYSTORE_PROPERTY,
      KEYSTORE_PASSWORD_PROPERTY, TRUST_PROPERTY, MEMBER_NAMES_PROPERTY);

  private static final String PEM_ALLOWED = "the path of a readable PEM file";
  private static final String KEYSTORE_ALLOWED = "the path of a readable PKCS#12 file";

  /** Checks that none is null. */
  public TlsSettings {
    Objects.requireNonNull(identity, "identity");
    Objects.requireNonNull(trust, "trust");
  }

  /**
   * The files the settings name, by the key of their setting, in the order of {@link #KEYS}: what
   * the node reads at start and watches for changes.
   *
   * @return the files, which cannot be modified
   */
  public Map<String, Path> files() {
    Map<String, Path> files = new LinkedHashMap<>();
    if (identity instanceof PemIdentity pem) {
      files.put(CERTIFICATE_PROPERTY, pem.certificate());
      files.put(KEY_PROPERTY, pem.key());
    } else if (identity instanceof KeyStoreIdentity keystore) {
      files.put(KEYSTORE_PROPERTY, keystore.keystore());
    }
    files.put(TRUST_PROPERTY, trust);
    return java.util.Collections.unmodifiableMap(files);
  }

  /** Where this node's private key and certificate chain are read from. */
  public sealed interface Identity permits PemIdentity, KeyStoreIdentity {}

  /**
   * The key and chain as two PEM files.
   *
   * @param certificate this node's certificate, then the rest of its chain
   * @param key this node's private key, unencrypted PKCS#8
   */
  public record PemIdentity(Path certificate, Path key) implements Identity {

    /** Checks that neither is null. */
    public PemIdentity {
      Objects.requireNonNull(certificate, "certificate");
      Objects.requireNonNull(key, "key");
    }
  }

  /**
   * The key and chain as one PKCS#12 keystore.
   *
   * @param keystore the file, holding one private key entry
   * @param password the password of the file and of its key
   */
  public record KeyStoreIdentity(Path keystore, Password password) implements Identity {

    /** Checks that neither is null. */
    public KeyStoreIdentity {
      Objects.requireNonNull(keystore, "keystore");
      Objects.requireNonNull(password, "password");
    }
  }

  /**
   * A password, which never shows in {@link #toString()}, so that no message or log line that
   * prints the settings reveals it.
   */
  public static final class Password {

    private final char[] characters;

    /**
     * A password of these characters.
     *
     * @param characters the password; copied
     */
    public Password(char[] characters) {
      this.characters = characters.clone();
    }

    /**
     * The password's characters.
     *
     * @return a copy, which the caller may clear after use
     */
    public char[] characters() {
      return characters.clone();
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Password that && Arrays.equals(characters, that.characters);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(characters);
    }

    @Override
    public String toString() {
      return NodeSettingSources.HIDDEN;
    }
  }

  /**
   * Reads the TLS settings.
   *
   * @param sources the places settings come from
   * @return the settings, or empty when no key is set (and neither the trust, the password nor
   *     member names)
   * @throws io.peanutcache.InvalidSettingException if a key is set without the trust, or the trust
   *     without a key; if both a PEM certificate or key and a keystore are set, or a PEM
   *     certificate without its key or the other way round; if a password is set without a
   *     keystore; if a file cannot be read; or if {@value #MEMBER_NAMES_PROPERTY} is not
   *     {@code true} or {@code false}, or {@code true} without TLS
   */
  static Optional<TlsSettings> read(NodeSettingSources sources) {
    Optional<Found> certificate = sources.findSet(CERTIFICATE_PROPERTY);
    Optional<Found> key = sources.findSet(KEY_PROPERTY);
    Optional<Found> keystore = sources.findSet(KEYSTORE_PROPERTY);
    Optional<Found> password = sources.find(KEYSTORE_PASSWORD_PROPERTY);
    Optional<Found> trust = sources.findSet(TRUST_PROPERTY);
    boolean memberNames = readMemberNames(sources);
    if (keystore.isPresent() && (certificate.isPresent() || key.isPresent())) {
      Found pem = certificate.or(() -> key).orElseThrow();
      throw pem.invalid("either " + CERTIFICATE_PROPERTY + " and " + KEY_PROPERTY + " (PEM files) or "
          + KEYSTORE_PROPERTY + " (a PKCS#12 file), not both; " + KEYSTORE_PROPERTY + " is set too, in "
          + keystore.get().where());
    }
    if (password.isPresent() && keystore.isEmpty()) {
      throw password.get().hidden().invalid("a value only together with " + KEYSTORE_PROPERTY + ", the keystore "
          + "it opens; " + KEYSTORE_PROPERTY + " is not set");
    }
    Optional<Identity> identity;
    if (keystore.isPresent()) {
      identity = Optional.of(new KeyStoreIdentity(keystore.get().readableFile(KEYSTORE_ALLOWED), new Password(
          password.map(found -> found.value().toCharArray()).orElse(new char[0]))));
    } else if (certificate.isPresent() || key.isPresent()) {
      Found given = certificate.or(() -> key).orElseThrow();
      String missing = certificate.isEmpty() ? CERTIFICATE_PROPERTY : KEY_PROPERTY;
      if (certificate.isEmpty() || key.isEmpty()) {
        throw given.invalid(togetherWith(CERTIFICATE_PROPERTY + ", " + KEY_PROPERTY, missing + " is"));
      }
      identity = Optional.of(new PemIdentity(certificate.get().readableFile(PEM_ALLOWED),
          key.get().readableFile(PEM_ALLOWED)));
    } else {
      identity = Optional.empty();
    }
    if (identity.isEmpty()) {
      if (trust.isPresent()) {
        throw trust.get().invalid(togetherWith(CERTIFICATE_PROPERTY + ", " + KEY_PROPERTY,
            CERTIFICATE_PROPERTY + " and " + KEY_PROPERTY + " (or " + KEYSTORE_PROPERTY + ") are"));
      }
      if (memberNames) {
        throw sources.find(MEMBER_NAMES_PROPERTY).orElseThrow().invalid("true only with mutual TLS between "
            + "the nodes, which " + CERTIFICATE_PROPERTY + ", " + KEY_PROPERTY + " and " + TRUST_PROPERTY
            + " (or " + KEYSTORE_PROPERTY + " and " + TRUST_PROPERTY + ") turn on; they are not set");
      }
      return Optional.empty();
    }
    if (trust.isEmpty()) {
      Found given = keystore.or(() -> certificate).orElseThrow();
      String with = keystore.isPresent() ? KEYSTORE_PROPERTY : CERTIFICATE_PROPERTY + ", " + KEY_PROPERTY;
      throw given.invalid(togetherWith(with, TRUST_PROPERTY + " is"));
    }
    return Optional.of(new TlsSettings(identity.get(), trust.get().readableFile(PEM_ALLOWED), memberNames));
  }

  /** What a setting that needs others allows: a value only together with them, and which are missing. */
  private static String togetherWith(String keys, String missing) {
    return "a value only together with " + keys + ", " + TRUST_PROPERTY + "; " + missing + " not set";
  }

  private static boolean readMemberNames(NodeSettingSources sources) {
    Optional<Found> found = sources.find(MEMBER_NAMES_PROPERTY);
    if (found.isEmpty()) {
      return false;
    }
    String value = found.get().value().trim();
    if (value.equalsIgnoreCase("true")) {
      return true;
    }
    if (value.equalsIgnoreCase("false")) {
      return false;
    }
    throw found.get().invalid("true or false");
  }



}
