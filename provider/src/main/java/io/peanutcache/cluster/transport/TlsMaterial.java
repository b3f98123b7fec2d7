package io.peanutcache.cluster.transport;

import io.peanutcache.settings.TlsSettings;
import io.peanutcache.settings.TlsSettings.KeyStoreIdentity;
import io.peanutcache.settings.TlsSettings.PemIdentity;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the TLS files hold, read and checked: this node's private key with its certificate chain,
 * from two PEM files or one PKCS#12 keystore, and the certificates of the trusted authorities,
 * from a PEM bundle. The key must belong to the chain's first certificate. It is read from the
 * bytes of the files, so that what was checked is what is used, and a failure names the setting
 * of the file at fault and what it allows, never a password.
 *
 * @param key this node's private key
 * @param chain its certificate, then the rest of its chain
 * @param authorities the trusted authorities
 */
record TlsMaterial(PrivateKey key, List<X509Certificate> chain, List<X509Certificate> authorities) {

  /** What the PEM certificate file allows, for messages. */
  static final String CERTIFICATE_ALLOWED = "a PEM file of this node's certificate, then the rest of its chain";

  /** What the PEM key file allows, for messages. */
  static final String KEY_ALLOWED = "a PEM file of the private key of this node's certificate, unencrypted "
      + "PKCS#8 (-----BEGIN PRIVATE KEY-----; openssl pkcs8 -topk8 -nocrypt converts another key)";

  /** What the keystore allows, for messages. */
  static final String KEYSTORE_ALLOWED = "a PKCS#12 file holding one private key entry, this node's key "
      + "and its certificate chain, opened by " + TlsSettings.KEYSTORE_PASSWORD_PROPERTY;

  /** What the trust bundle allows, for messages. */
  static final String TRUST_ALLOWED = "a PEM file of the certificates of the authorities members' "
      + "certificates chain to";

  private static final Pattern PEM_KEY = Pattern.compile(
      "-----BEGIN ([A-Z0-9 ]*)PRIVATE KEY-----([A-Za-z0-9+/=\\s]*)-----END \\1PRIVATE KEY-----");

  /** The key algorithms a PKCS#8 key is tried as, and how a key of each signs to check its certificate. */
  private static final Map<String, String> KEY_ALGORITHMS = new LinkedHashMap<>();

  static {
    KEY_ALGORITHMS.put("RSA", "SHA256withRSA");
    KEY_ALGORITHMS.put("EC", "SHA256withECDSA");
    KEY_ALGORITHMS.put("EdDSA", "EdDSA");
    KEY_ALGORITHMS.put("DSA", "SHA256withDSA");
    KEY_ALGORITHMS.put("RSASSA-PSS", null);
  }

  /** Copies the lists. */
  TlsMaterial {
    chain = List.copyOf(chain);
    authorities = List.copyOf(authorities);
  }

  /**
   * Reads the files the settings name, as they are now.
   *
   * @param settings the TLS settings
   * @return what they hold
   * @throws Unusable if a file cannot be read or does not hold what its setting allows
   */
  static TlsMaterial read(TlsSettings settings) throws Unusable {
    return parse(settings, contents(settings));
  }

  /**
   * The bytes of every file the settings name, by the key of its setting.
   *
   * @throws Unusable naming the setting of a file that cannot be read
   */
  static Map<String, byte[]> contents(TlsSettings settings) throws Unusable {
    Map<String, byte[]> contents = new LinkedHashMap<>();
    for (Map.Entry<String, Path> file : settings.files().entrySet()) {
      try {
        contents.put(file.getKey(), Files.readAllBytes(file.getValue()));
      } catch (IOException | RuntimeException e) {
        throw new Unusable(file.getKey(), file.getValue(), "it cannot be read: " + e, "a readable file", e);
      }
    }
    return Collections.unmodifiableMap(contents);
  }

  /**
   * What the given bytes of the files hold.
   *
   * @param settings the TLS settings, which say what each file is
   * @param contents the bytes of each file, by the key of its setting, as {@link #contents} reads them
   * @return what they hold
   * @throws Unusable if a file does not hold what its setting allows
   */
  static TlsMaterial parse(TlsSettings settings, Map<String, byte[]> contents) throws Unusable {
    PrivateKey key;
    List<X509Certificate> chain;
    if (settings.identity() instanceof PemIdentity pem) {
      chain = certificates(TlsSettings.CERTIFICATE_PROPERTY, pem.certificate(),
          contents.get(TlsSettings.CERTIFICATE_PROPERTY), CERTIFICATE_ALLOWED);
      key = pemKey(pem.key(), contents.get(TlsSettings.KEY_PROPERTY));
      requireMatch(key, chain.get(0), TlsSettings.KEY_PROPERTY, pem.key(), KEY_ALLOWED);
    } else {
      KeyStoreIdentity keystore = (KeyStoreIdentity) settings.identity();
      KeyStore.PrivateKeyEntry entry = keyEntry(keystore, contents.get(TlsSettings.KEYSTORE_PROPERTY));
      key = entry.getPrivateKey();
      chain = new ArrayList<>();
      for (Certificate certificate : entry.getCertificateChain()) {
        if (!(certificate instanceof X509Certificate x509)) {
          throw new Unusable(TlsSettings.KEYSTORE_PROPERTY, keystore.keystore(),
              "its key's chain holds a " + certificate.getType() + " certificate", KEYSTORE_ALLOWED, null);
        }
        chain.add(x509);
      }
      requireMatch(key, chain.get(0), TlsSettings.KEYSTORE_PROPERTY, keystore.keystore(), KEYSTORE_ALLOWED);
    }
    List<X509Certificate> authorities = certificates(TlsSettings.TRUST_PROPERTY, settings.trust(),
        contents.get(TlsSettings.TRUST_PROPERTY), TRUST_ALLOWED);
    return new TlsMaterial(key, chain, authorities);
  }

  /** The certificates of a PEM file: one at least. */
  private static List<X509Certificate> certificates(String setting, Path file, byte[] content, String allowed)
      throws Unusable {
    Collection<? extends Certificate> read;
    try {
      read = CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(content));
    } catch (CertificateException e) {
      throw new Unusable(setting, file, "it holds no PEM certificate that can be read (" + e.getMessage() + ")",
          allowed, e);
    }
    if (read.isEmpty()) {
      throw new Unusable(setting, file, "it holds no certificate", allowed, null);
    }
    List<X509Certificate> certificates = new ArrayList<>();
    for (Certificate certificate : read) {
      certificates.add((X509Certificate) certificate);
    }
    return certificates;
  }

  /** The PKCS#8 private key of a PEM file. */
  private static PrivateKey pemKey(Path file, byte[] content) throws Unusable {
    Matcher pem = PEM_KEY.matcher(new String(content, StandardCharsets.US_ASCII));
    if (!pem.find()) {
      throw new Unusable(TlsSettings.KEY_PROPERTY, file, "it holds no PEM private key", KEY_ALLOWED, null);
    }
    if (!pem.group(1).isEmpty()) {
      throw new Unusable(TlsSettings.KEY_PROPERTY, file, "it holds a PEM " + pem.group(1) + "PRIVATE KEY, "
          + "not an unencrypted PKCS#8 one", KEY_ALLOWED, null);
    }
    byte[] der;
    try {
      der = Base64.getMimeDecoder().decode(pem.group(2));
    } catch (IllegalArgumentException e) {
      throw new Unusable(TlsSettings.KEY_PROPERTY, file, "its key is not base64", KEY_ALLOWED, e);
    }
    PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
    for (String algorithm : KEY_ALGORITHMS.keySet()) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(spec);
      } catch (GeneralSecurityException notThisOne) {
        // the next algorithm
      }
    }
    throw new Unusable(TlsSettings.KEY_PROPERTY, file, "its key is none of " + KEY_ALGORITHMS.keySet()
        + " in PKCS#8", KEY_ALLOWED, null);
  }

  /** The one private key entry of a PKCS#12 keystore. */
  private static KeyStore.PrivateKeyEntry keyEntry(KeyStoreIdentity identity, byte[] content) throws Unusable {
    char[] password = identity.password().characters();
    try {
      KeyStore keystore = KeyStore.getInstance("PKCS12");
      try {
        keystore.load(new ByteArrayInputStream(content), password);
      } catch (IOException e) {
        if (e.getCause() instanceof UnrecoverableKeyException) {
          throw new Unusable(TlsSettings.KEYSTORE_PASSWORD_PROPERTY, identity.keystore(),
              "it does not open " + TlsSettings.KEYSTORE_PROPERTY + "=" + identity.keystore()
              + " (" + e.getMessage() + ")", "the password of " + TlsSettings.KEYSTORE_PROPERTY, null);
        }
        throw new Unusable(TlsSettings.KEYSTORE_PROPERTY, identity.keystore(),
            "it is no PKCS#12 file that can be read (" + e.getMessage() + ")", KEYSTORE_ALLOWED, null);
      }
      List<String> keys = new ArrayList<>();
      for (String alias : Collections.list(keystore.aliases())) {
        if (keystore.isKeyEntry(alias)) {
          keys.add(alias);
        }
      }
      if (keys.size() != 1) {
        throw new Unusable(TlsSettings.KEYSTORE_PROPERTY, identity.keystore(), "it holds " + keys.size()
            + " private key entries" + (keys.isEmpty() ? "" : " " + keys), KEYSTORE_ALLOWED, null);
      }
      KeyStore.Entry entry;
      try {
        entry = keystore.getEntry(keys.get(0), new KeyStore.PasswordProtection(password));
      } catch (UnrecoverableKeyException e) {
        throw new Unusable(TlsSettings.KEYSTORE_PASSWORD_PROPERTY, identity.keystore(),
            "it does not open the key " + keys.get(0) + " of " + TlsSettings.KEYSTORE_PROPERTY + "="
            + identity.keystore(), "the password of " + TlsSettings.KEYSTORE_PROPERTY + " and of its key", null);
      }
      if (!(entry instanceof KeyStore.PrivateKeyEntry privateKey) || privateKey.getCertificateChain().length == 0) {
        throw new Unusable(TlsSettings.KEYSTORE_PROPERTY, identity.keystore(),
            "its key " + keys.get(0) + " has no certificate chain", KEYSTORE_ALLOWED, null);
      }
      return privateKey;
    } catch (GeneralSecurityException e) {
      throw new Unusable(TlsSettings.KEYSTORE_PROPERTY, identity.keystore(),
          "it is no PKCS#12 file that can be read (" + e + ")", KEYSTORE_ALLOWED, null);
    } finally {
      Arrays.fill(password, '\0');
    }
  }

  /** Fails unless {@code key} signs what the public key of {@code certificate} verifies. */
  private static void requireMatch(PrivateKey key, X509Certificate certificate, String setting, Path file,
      String allowed) throws Unusable {
    String algorithm = KEY_ALGORITHMS.get(key.getAlgorithm());
    if (algorithm == null) {
      return; // a key this check does not know how to sign with: the handshakes will tell
    }
    byte[] probe = "peanutcache".getBytes(StandardCharsets.US_ASCII);
    boolean matches;
    try {
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(probe);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(certificate.getPublicKey());
      verifier.update(probe);
      matches = verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      matches = false;
    }
    if (!matches) {
      throw new Unusable(setting, file, "its key is not the key of the certificate "
          + certificate.getSubjectX500Principal().getName() + " (serial " + certificate.getSerialNumber().toString(16)
          + ")", allowed, null);
    }
  }

  /**
   * The certificate this node presents, in words for a log line: its subject, serial and end of
   * validity.
   *
   * @return the description
   */
  String describeCertificate() {
    X509Certificate certificate = chain.get(0);
    return certificate.getSubjectX500Principal().getName() + ", serial " + certificate.getSerialNumber().toString(16)
        + ", valid until " + certificate.getNotAfter().toInstant();
  }

  /** A TLS file that cannot be used: names its setting, the file, what is wrong and what is allowed. */
  static final class Unusable extends Exception {
    private static final long serialVersionUID = 1L;

    private final String setting;

    Unusable(String setting, Path file, String problem, String allowed, Throwable cause) {
      super(setting + (setting.equals(TlsSettings.KEYSTORE_PASSWORD_PROPERTY) ? "" : "=" + file)
          + ": " + problem + "; allowed: " + allowed, cause, false, false);
      this.setting = setting;
    }

    /**
     * The setting whose file, or password, is at fault.
     *
     * @return its key
     */
    String setting() {
      return setting;
    }
  }
}
