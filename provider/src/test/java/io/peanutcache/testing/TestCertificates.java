package io.peanutcache.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
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
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Certificate authorities and node certificates made at test time, written as the PEM files the
 * TLS settings name: a node certificate is valid for {@code localhost} and {@code 127.0.0.1}, for
 * both serving and calling, signed by its authority.
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
    KeyPair nodeKeys = keyPair();
    X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(certificate, serial(),
        Date.from(notBefore), Date.from(notAfter), new X500Name("CN=" + node), nodeKeys.getPublic());
    try {
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
      builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
          new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
      builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
          new GeneralName(GeneralName.dNSName, "localhost"), new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    X509Certificate issued = sign(builder, keys.getPrivate());
    Path chain = write(node + "-chain.pem", issued, certificate);
    Path key = writeKey(node + "-key.pem", nodeKeys.getPrivate());
    return new Issued(chain, key);
  }

  /**
   * The files of a node certificate.
   *
   * @param certificate the PEM chain: the node's certificate, then its authority's
   * @param key the PEM private key, PKCS#8
   */
  public record Issued(Path certificate, Path key) {}

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
