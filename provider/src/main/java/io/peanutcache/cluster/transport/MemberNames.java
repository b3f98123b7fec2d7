package io.peanutcache.cluster.transport;

import java.net.URI;
import java.net.URISyntaxException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Whether a certificate names a member, for {@code peanutcache.tls.member-names}: a subject
 * alternative name of the certificate is the member's node name, either as a DNS name (compared
 * without regard to case, as DNS does) or as a URI {@code peanutcache:<name>} (the name
 * percent-encoded where a URI needs it, a space as {@code %20}; compared once decoded). A node
 * name that is an address, as with a static peer list ({@code 10.0.0.1:7001}), is no DNS name:
 * the URI form {@code peanutcache:10.0.0.1:7001} names it.
 */
final class MemberNames {

  /** The scheme of the URI subject alternative name that names a member. */
  static final String URI_SCHEME = "peanutcache";

  /** A host name as a DNS subject alternative name holds it. */
  private static final Pattern DNS_NAME = Pattern.compile(
      "[A-Za-z0-9_]([A-Za-z0-9_-]*[A-Za-z0-9_])?(\\.[A-Za-z0-9_]([A-Za-z0-9_-]*[A-Za-z0-9_])?)*");

  /**
   * What a certificate must hold to name a member, for messages: the URI, and the DNS name when
   * the member's name is a host name.
   *
   * @param member the member's node name
   * @return the names, in openssl's words
   */
  static String allowed(String member) {
    return "a certificate naming the member " + member + " as a subject alternative name "
        + (DNS_NAME.matcher(member).matches() ? "DNS:" + member + " or " : "") + "URI:" + uriOf(member)
        + " (peanutcache.tls.member-names is on)";
  }

  /** The URI that names a member: {@code peanutcache:} and its name, quoted where a URI needs it. */
  static String uriOf(String member) {
    try {
      return new URI(URI_SCHEME, member, null).toASCIIString();
    } catch (URISyntaxException cannotHappen) {
      return URI_SCHEME + ":" + member;
    }
  }

  private static final int DNS = 2;
  private static final int URI_NAME = 6;
  private static final int IP_ADDRESS = 7;

  private MemberNames() {}

  /**
   * Whether {@code certificate} names {@code member}.
   *
   * @param certificate the certificate a peer presented
   * @param member the member's node name
   * @return true if a DNS or {@code peanutcache:} URI subject alternative name is the member's name
   */
  static boolean names(X509Certificate certificate, String member) {
    for (List<?> name : alternativeNames(certificate)) {
      int type = (Integer) name.get(0);
      String value = String.valueOf(name.get(1));
      if (type == DNS && value.toLowerCase(Locale.ROOT).equals(member.toLowerCase(Locale.ROOT))) {
        return true;
      }
      if (type == URI_NAME && member.equals(memberOf(value))) {
        return true;
      }
    }
    return false;
  }

  /**
   * The subject alternative names of a certificate, in words for messages, such as
   * {@code DNS:localhost, IP:127.0.0.1, URI:peanutcache:node-1}.
   *
   * @param certificate the certificate
   * @return its DNS, IP and URI names, or {@code no DNS, IP or URI name}
   */
  static String describe(X509Certificate certificate) {
    List<String> described = new ArrayList<>();
    for (List<?> name : alternativeNames(certificate)) {
      int type = (Integer) name.get(0);
      String prefix = type == DNS ? "DNS:" : type == IP_ADDRESS ? "IP:" : type == URI_NAME ? "URI:" : null;
      if (prefix != null) {
        described.add(prefix + name.get(1));
      }
    }
    return described.isEmpty() ? "no DNS, IP or URI name" : String.join(", ", described);
  }

  /** The member a {@code peanutcache:} URI names, or null if it is no such URI. */
  private static String memberOf(String uri) {
    try {
      URI parsed = new URI(uri);
      if (URI_SCHEME.equalsIgnoreCase(parsed.getScheme()) && parsed.isOpaque()) {
        return parsed.getSchemeSpecificPart();
      }
    } catch (URISyntaxException notAUri) {
      return null;
    }
    return null;
  }

  private static Collection<List<?>> alternativeNames(X509Certificate certificate) {
    try {
      Collection<List<?>> names = certificate.getSubjectAlternativeNames();
      return names == null ? List.of() : names;
    } catch (CertificateParsingException unreadable) {
      return List.of();
    }
  }
}
