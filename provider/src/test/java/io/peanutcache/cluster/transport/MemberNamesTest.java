package io.peanutcache.cluster.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.peanutcache.testing.TestCertificates;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import org.junit.jupiter.api.Test;

/** Which subject alternative names name a member: its name as a DNS name, or as a peanutcache: URI. */
class MemberNamesTest {

  private static final Path FILES = TestCertificates.directory("peanutcache-member-names");
  private static final TestCertificates AUTHORITY = TestCertificates.authority(FILES, "names");

  private static X509Certificate naming(String file, String... names) {
    try (InputStream in = Files.newInputStream(AUTHORITY.issueNamingOnly(file, names).certificate())) {
      return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void aDnsNameNamesTheMemberInAnyCase() {
    X509Certificate certificate = naming("dns", "DNS:Node-1.example.com");

    assertTrue(MemberNames.names(certificate, "node-1.example.com"));
    assertFalse(MemberNames.names(certificate, "node-2.example.com"));
  }

  @Test
  void aPeanutcacheUriNamesTheMemberAsWrittenOrPercentEncoded() {
    assertTrue(MemberNames.names(naming("address", "URI:peanutcache:10.0.0.1:7001"), "10.0.0.1:7001"));
    assertTrue(MemberNames.names(naming("ipv6", "URI:peanutcache:[::1]:7001"), "[::1]:7001"));
    assertTrue(MemberNames.names(naming("encoded", "URI:peanutcache:cache%20node"), "cache node"));
    assertFalse(MemberNames.names(naming("case", "URI:peanutcache:Node-1"), "node-1"), "a URI's name keeps its case");
  }

  @Test
  void otherNamesDoNotNameTheMember() {
    X509Certificate certificate = naming("others", "URI:spiffe://cluster/node-1", "URI:https://node-1/",
        "IP:127.0.0.1", "DNS:node-10");

    assertFalse(MemberNames.names(certificate, "node-1"));
    assertFalse(MemberNames.names(certificate, "127.0.0.1"));
    assertEquals("URI:spiffe://cluster/node-1, URI:https://node-1/, IP:127.0.0.1, DNS:node-10",
        MemberNames.describe(certificate));
  }

  @Test
  void whatIsAllowedOffersADnsNameOnlyForAHostName() {
    assertEquals("a certificate naming the member node-1 as a subject alternative name DNS:node-1 or "
        + "URI:peanutcache:node-1 (peanutcache.tls.member-names is on)", MemberNames.allowed("node-1"));
    assertEquals("a certificate naming the member 10.0.0.1:7001 as a subject alternative name "
        + "URI:peanutcache:10.0.0.1:7001 (peanutcache.tls.member-names is on)", MemberNames.allowed("10.0.0.1:7001"));
    assertEquals("URI:peanutcache:cache%20node", "URI:" + MemberNames.uriOf("cache node"));
  }

}
