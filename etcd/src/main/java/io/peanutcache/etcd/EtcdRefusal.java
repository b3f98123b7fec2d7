package io.peanutcache.etcd;

import io.etcd.jetcd.common.exception.EtcdException;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import io.peanutcache.settings.EtcdSecurity;
import io.peanutcache.settings.EtcdSettings;
import java.security.cert.CertificateException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLException;

/**
 * Why etcd refused a node, in words that name the setting to change: a TLS handshake that failed
 * (etcd's certificate not trusted or not naming its host, this node's client certificate refused
 * or missing), a user or password etcd does not accept, or a user without the right to read and
 * write the cluster's prefix.
 *
 * <p>These refusals do not pass by themselves, so a joining node fails at once on them instead of
 * trying again; anything else (etcd not reachable, no answer) is not a refusal. A message names
 * the user and the files, never the password. Everything here is static and keeps no state.
 */
final class EtcdRefusal {

  private static final String PASSWORD_SETTINGS = EtcdSecurity.PASSWORD_PROPERTY + " (or "
      + EtcdSecurity.PASSWORD_FILE_PROPERTY + ")";

  private EtcdRefusal() {}

  /**
   * What etcd refused and what is allowed instead, if {@code failure} is a refusal.
   *
   * @param failure a failed call to etcd, as the etcd client reported it
   * @param settings the node's etcd settings
   * @return {@code <what etcd answered>; allowed: <what the settings may be>}, or empty when
   *     {@code failure} may pass by itself
   */
  static Optional<String> explain(Throwable failure, EtcdSettings settings) {
    List<Throwable> chain = chain(failure);
    Optional<Throwable> tls = chain.stream()
        .filter(cause -> cause instanceof SSLException || cause instanceof CertificateException).findFirst();
    if (tls.isPresent()) {
      return Optional.of(tlsRefusal(tls.get(), settings));
    }
    String answer = etcdAnswer(chain);
    EtcdSecurity security = settings.security();
    if (answer.contains("authentication is not enabled")) {
      return Optional.of("etcd has no authentication enabled, yet " + EtcdSecurity.USER_PROPERTY
          + " is set (etcd answered: " + answer + "); allowed: no user for an etcd without authentication, "
          + "or an etcd with authentication enabled (etcdctl auth enable)");
    }
    if (answer.contains("user name is empty")) {
      return Optional.of("etcd has authentication enabled and this node calls as no user (etcd answered: "
          + answer + "); allowed: " + EtcdSecurity.USER_PROPERTY + " and " + PASSWORD_SETTINGS
          + ", or a client certificate (" + EtcdSecurity.CERTIFICATE_PROPERTY + ") whose common name is an "
          + "etcd user, with etcd's --client-cert-auth");
    }
    if (answer.contains("authentication failed") || answer.contains("invalid user ID or password")
        || has(chain, Status.Code.UNAUTHENTICATED)) {
      return Optional.of("etcd refused the user " + who(security) + " and its password (etcd answered: "
          + answer + "); allowed: " + EtcdSecurity.USER_PROPERTY + " and " + PASSWORD_SETTINGS
          + " of a user of etcd");
    }
    if (answer.contains("permission denied") || answer.contains("user name not found")
        || has(chain, Status.Code.PERMISSION_DENIED)) {
      String keys = settings.prefix() + "/";
      return Optional.of("etcd does not let the user " + who(security) + " read and write the cluster's keys under "
          + keys + " (etcd answered: " + answer + "); allowed: " + EtcdSecurity.USER_PROPERTY
          + " naming a user whose role grants readwrite on the prefix " + keys + " (etcdctl role "
          + "grant-permission <role> --prefix=true readwrite " + keys + "), or "
          + EtcdSettings.PREFIX_PROPERTY + " naming a prefix the user may read and write");
    }
    return Optional.empty();
  }

  private static String tlsRefusal(Throwable handshake, EtcdSettings settings) {
    EtcdSecurity security = settings.security();
    String cause = handshake.getMessage() == null ? handshake.getClass().getSimpleName() : handshake.getMessage();
    if (cause.contains("not an SSL/TLS record")) {
      return "etcd at " + settings.endpoints() + " does not talk TLS (" + cause + "); allowed: http:// endpoints "
          + "in " + EtcdSettings.ENDPOINTS_PROPERTY + " for an etcd without TLS, https:// for one started "
          + "with --cert-file and --key-file";
    }
    // an alert from etcd, as the JDK's TLS and BoringSSL (the channel's, when it loads) word it
    if (cause.contains("Received fatal alert") || cause.contains("_ALERT_")) {
      return "etcd refused the TLS handshake: " + security.certificate()
          .map(file -> "it does not accept this node's client certificate " + file)
          .orElse("it asks for a client certificate, and this node has none") + " (" + cause
          + "); allowed: " + EtcdSecurity.CERTIFICATE_PROPERTY + " and " + EtcdSecurity.KEY_PROPERTY
          + " naming a certificate, valid for client authentication, of an authority etcd trusts "
          + "(its --trusted-ca-file)";
    }
    if (cause.contains("subject alternative") || cause.contains("No name matching")) {
      return "etcd's certificate does not name the host this node called (" + cause + "); allowed: endpoints "
          + "in " + EtcdSettings.ENDPOINTS_PROPERTY + " whose host etcd's certificate names (a DNS or IP "
          + "subject alternative name)";
    }
    return "this node does not trust etcd's certificate (" + cause + "); allowed: "
        + EtcdSecurity.TRUST_PROPERTY + " naming the PEM certificate of the authority that signed etcd's "
        + "certificate (its --cert-file), " + security.trust().map(file -> "now " + file)
            .orElse("which is not set, so only the JDK's default authorities are trusted");
  }

  /** Who the node calls etcd as, for messages. */
  private static String who(EtcdSecurity security) {
    if (security.user().isPresent()) {
      return security.user().get() + " (" + EtcdSecurity.USER_PROPERTY + ")";
    }
    return security.certificate().isPresent()
        ? "named by the common name of this node's client certificate (" + EtcdSecurity.CERTIFICATE_PROPERTY + ")"
        : "of this node, which gives none,";
  }

  /** What etcd said, from the innermost status that has a description, else the outermost message. */
  private static String etcdAnswer(List<Throwable> chain) {
    String answer = null;
    for (Throwable cause : chain) {
      Status status = status(cause);
      if (status != null && status.getDescription() != null) {
        answer = status.getDescription();
      } else if (cause instanceof EtcdException && cause.getMessage() != null) {
        answer = cause.getMessage();
      }
    }
    if (answer != null) {
      return answer;
    }
    Throwable last = chain.get(chain.size() - 1);
    return last.getMessage() == null ? last.getClass().getSimpleName() : last.getMessage();
  }

  private static boolean has(List<Throwable> chain, Status.Code code) {
    return chain.stream().map(EtcdRefusal::status).anyMatch(status -> status != null && status.getCode() == code);
  }

  private static Status status(Throwable cause) {
    if (cause instanceof StatusRuntimeException e) {
      return e.getStatus();
    }
    if (cause instanceof StatusException e) {
      return e.getStatus();
    }
    return null;
  }

  /** {@code failure} and its causes, outermost first, each once. */
  private static List<Throwable> chain(Throwable failure) {
    List<Throwable> chain = new ArrayList<>();
    for (Throwable cause = failure; cause != null && !chain.contains(cause) && chain.size() < 20;
        cause = cause.getCause()) {
      chain.add(cause);
    }
    return chain;
  }
}
