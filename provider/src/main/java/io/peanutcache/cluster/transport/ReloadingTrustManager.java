package io.peanutcache.cluster.transport;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The check of a peer's certificate chain, by both a node's server and its calls, against the
 * trusted authorities, swapped for new ones when the trust file changes: each handshake checks
 * against the authorities of the moment, and connections already open go on as they are.
 *
 * <p>The check itself is the JDK's PKIX one: the chain must lead to a trusted authority and be
 * valid now, and a server's certificate must name the host its caller dialled (gRPC asks for
 * that). With {@code peanutcache.tls.member-names} a server's certificate must also name the
 * member its caller meant to call ({@link PeerTls#memberAt}).
 */
final class ReloadingTrustManager extends X509ExtendedTrustManager {

  /** Checks that a server's certificate names the member its caller meant to call. */
  interface ServerNames {

    /**
     * Fails unless {@code certificate} names the member at {@code host:port}.
     *
     * @param certificate the server's certificate, already trusted
     * @param host the host the caller dialled
     * @param port the port it dialled
     * @throws CertificateException if it does not, or no member is expected there
     */
    void check(X509Certificate certificate, String host, int port) throws CertificateException;
  }

  private final ServerNames serverNames;
  private volatile X509ExtendedTrustManager current;

  /**
   * A trust manager of {@code material}'s authorities.
   *
   * @param material the trusted authorities
   * @param serverNames the check of server names, or null for none
   */
  ReloadingTrustManager(TlsMaterial material, ServerNames serverNames) {
    this.current = pkix(material.authorities());
    this.serverNames = serverNames;
  }

  /**
   * Checks against {@code material}'s authorities from the next handshake on.
   *
   * @param material the new trusted authorities
   */
  void take(TlsMaterial material) {
    current = pkix(material.authorities());
  }

  private static X509ExtendedTrustManager pkix(List<X509Certificate> authorities) {
    try {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      for (int i = 0; i < authorities.size(); i++) {
        store.setCertificateEntry("authority-" + i, authorities.get(i));
      }
      TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(store);
      for (TrustManager manager : factory.getTrustManagers()) {
        if (manager instanceof X509ExtendedTrustManager extended) {
          return extended;
        }
      }
      throw new IllegalStateException("the JDK's trust manager factory made no X509ExtendedTrustManager");
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new IllegalStateException("cannot hold the authorities this node read: " + e, e);
    }
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    current.checkClientTrusted(chain, authType, socket);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    current.checkClientTrusted(chain, authType, engine);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    current.checkClientTrusted(chain, authType);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    current.checkServerTrusted(chain, authType, socket);
    if (serverNames != null) {
      serverNames.check(chain[0], socket.getInetAddress().getHostAddress(), socket.getPort());
    }
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    current.checkServerTrusted(chain, authType, engine);
    if (serverNames != null) {
      serverNames.check(chain[0], engine.getPeerHost(), engine.getPeerPort());
    }
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    if (serverNames != null) {
      throw new CertificateException("a server's certificate is checked only with the connection it came on, "
          + "which names the member it was meant to be");
    }
    current.checkServerTrusted(chain, authType);
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return current.getAcceptedIssuers();
  }
}
