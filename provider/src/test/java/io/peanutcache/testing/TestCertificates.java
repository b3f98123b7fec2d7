package io.peanutcache.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Certificate authorities and node certificates made at test time, written as the PEM files the
 * TLS settings name (or a PKCS#12 keystore of them): a node certificate is valid for
 * {@code localhost} and {@code 127.0.0.1}, and any more names it is issued for, for both serving
 * and calling, signed by its authority; each has a serial of its own.
 */
public final class TestCertificates {

  private static final AtomicLong SERIALS = new AtomicLong(System.currentTimeMillis());

  private final Path directory;
  private final String name;
  private final KeyPair keys;
  private final X509Certificate certificate;

  private TestCertificates(Path directory, String name, KeyPair keys, X509Certificate certificate) {
    this.directory = directory;
    this.name = name;
    this.keys = keys;
    this.certificate = certificate;
  }

  /**
   * A new directory for the files of certificates, deleted with everything in it when the JVM
   * exits.
   *
   * @param prefix the start of its name
   * @return the directory
   */
  public static Path directory(String prefix) {
    try {
      Path directory = Files.createTempDirectory(prefix);
      Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(directory)));
      return directory;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void delete(Path directory) {
    try (Stream<Path> files = Files.walk(directory)) {
      files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
    } catch (IOException | UncheckedIOException gone) {
      // nothing to delete
    }
  }

  /**
   * A new certificate authority.
   *
   * @param directory where its files, and those of the certificates it signs, are written
   * @param name its common name, and the name of its files
   * @return the authority
   */
  public static TestCertificates authority(Path directory, String name) {
    KeyPair keys = keyPair();
    X500Name subject = new X500Name("CN=" + name);
    Instant now = Instant.now();
    X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, serial(),
        Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(30))), subject,
        keys.getPublic());
    try {
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
      builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    TestCertificates authority = new TestCertificates(directory, name, keys, sign(builder, keys.getPrivate()));
    authority.write(name + "-ca.pem", authority.certificate);
    return authority;
  }

  /**
   * The PEM file of this authority's certificate: what {@code peanutcache.tls.trust} names.
   *
   * @return the file
   */
  public Path trust() {
    return directory.resolve(name + "-ca.pem");
  }

  /**
   * A node certificate this authority signs, valid from an hour ago for a month.
   *
   * @param node the certificate's common name, and the name of its files
   * @return the certificate's files
   */
  public Issued issue(String node) {
    Instant now = Instant.now();
    return issue(node, now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(30)));
  }

  /**
   * A node certificate this authority signs, valid between two instants (in the past, for an
   * expired one).
   *
   * @param node the certificate's common name, and the name of its files
   * @param notBefore when it starts to be valid
   * @param notAfter when it stops
   * @return the certificate's files
   */
  public Issued issue(String node, Instant notBefore, Instant notAfter) {
    return issue(node, notBefore, notAfter, List.of("DNS:localhost", "IP:127.0.0.1"));
  }

  /**
   * A node certificate this authority signs, valid from an hour ago for a month, that names more
   * than {@code localhost} and {@code 127.0.0.1}: what {@code peanutcache.tls.member-names} checks.
   *
   * @param node the certificate's common name, and the name of its files
   * @param alternativeNames more subject alternative names, as openssl writes them:
   *     {@code DNS:node-1}, {@code URI:peanutcache:node-1}, {@code IP:10.0.0.1}
   * @return the certificate's files
   */
  public Issued issueNaming(String node, String... alternativeNames) {
    List<String> names = new ArrayList<>(List.of("DNS:localhost", "IP:127.0.0.1"));
    names.addAll(List.of(alternativeNames));
    return issueNamingOnly(node, names.toArray(new String[0]));
  }

  /**
   * A node certificate this authority signs, valid from an hour ago for a month, whose subject
   * alternative names are these alone: one that does not name {@code localhost} and
   * {@code 127.0.0.1} is refused by a node that calls it there.
   *
   * @param node the certificate's common name, and the name of its files
   * @param alternativeNames the subject alternative names, as {@link #issueNaming} takes them
   * @return the certificate's files
   */
  public Issued issueNamingOnly(String node, String... alternativeNames) {
    Instant now = Instant.now();
    return issue(node, now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(30)), List.of(alternativeNames));
  }

  private Issued issue(String node, Instant notBefore, Instant notAfter, List<String> alternativeNames) {
    List<GeneralName> names = new ArrayList<>();
    for (String name : alternativeNames) {
      names.add(generalName(name));
    }
    KeyPair nodeKeys = keyPair();
    X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(certificate, serial(),
        Date.from(notBefore), Date.from(notAfter), new X500Name("CN=" + node), nodeKeys.getPublic());
    try {
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
      builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
          new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
      builder.addExtension(Extension.subjectAlternativeName, false,
          new GeneralNames(names.toArray(new GeneralName[0])));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    X509Certificate issued = sign(builder, keys.getPrivate());
    Path chain = write(node + "-chain.pem", issued, certificate);
    Path key = writeKey(node + "-key.pem", nodeKeys.getPrivate());
    return new Issued(chain, key);
  }

  private static GeneralName generalName(String name) {
    int colon = name.indexOf(':');
    String type = colon < 0 ? "" : name.substring(0, colon);
    String value = name.substring(colon + 1);
    return switch (type) {
      case "DNS" -> new GeneralName(GeneralName.dNSName, value);
      case "URI" -> new GeneralName(GeneralName.uniformResourceIdentifier, value);
      case "IP" -> new GeneralName(GeneralName.iPAddress, value);
      default -> throw new IllegalArgumentException("not DNS:, URI: or IP: " + name);
    };
  }

  /**
   * Writes one PEM bundle of the certificates of several authorities: a trust that takes
   * certificates of any of them, as during a move from one authority to another.
   *
   * @param file where to write it
   * @param authorities the authorities
   * @return the file
   */
  public static Path bundle(Path file, TestCertificates... authorities) {
    try (Writer out = Files.newBufferedWriter(file); JcaPEMWriter pem = new JcaPEMWriter(out)) {
      for (TestCertificates authority : authorities) {
        pem.writeObject(authority.certificate);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  /**
   * The files of a node certificate.
   *
   * @param certificate the PEM chain: the node's certificate, then its authority's
   * @param key the PEM private key, PKCS#8
   */
  public record Issued(Path certificate, Path key) {

    /**
     * The serial number of the node's certificate.
     *
     * @return the serial, read from the certificate's file
     */
    public BigInteger serial() {
      return chain()[0].getSerialNumber();
    }

    /**
     * Writes the key and chain as one PKCS#12 keystore: what {@code peanutcache.tls.keystore}
     * names.
     *
     * @param file where to write it
     * @param password the password of the file and of its key
     * @return the file
     */
    public Path keystore(Path file, String password) {
      try {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("node", privateKey(), password.toCharArray(), chain());
        try (OutputStream out = Files.newOutputStream(file)) {
          store.store(out, password.toCharArray());
        }
        return file;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("cannot write a test keystore", e);
      }
    }

    private X509Certificate[] chain() {
      try (InputStream in = Files.newInputStream(certificate)) {
        return CertificateFactory.getInstance("X.509").generateCertificates(in).toArray(new X509Certificate[0]);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("cannot read a test certificate", e);
      }
    }

    private PrivateKey privateKey() {
      try (PEMParser parser = new PEMParser(Files.newBufferedReader(key))) {
        return new JcaPEMKeyConverter().getPrivateKey((PrivateKeyInfo) parser.readObject());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private Path write(String file, X509Certificate... certificates) {
    Path path = directory.resolve(file);
    try (Writer out = Files.newBufferedWriter(path); JcaPEMWriter pem = new JcaPEMWriter(out)) {
      for (X509Certificate each : certificates) {
        pem.writeObject(each);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return path;
  }

  private Path writeKey(String file, PrivateKey key) {
    Path path = directory.resolve(file);
    try (Writer out = Files.newBufferedWriter(path); JcaPEMWriter pem = new JcaPEMWriter(out)) {
      pem.writeObject(new JcaPKCS8Generator(key, null).generate());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return path;
  }

  private static KeyPair keyPair() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK cannot make EC keys", e);
    }
  }

  private static BigInteger serial() {
    return BigInteger.valueOf(SERIALS.incrementAndGet());
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey issuerKey) {
    try {
      return new JcaX509CertificateConverter().getCertificate(
          builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey)));
    } catch (OperatorCreationException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot sign a test certificate", e);
    }
  }
}
