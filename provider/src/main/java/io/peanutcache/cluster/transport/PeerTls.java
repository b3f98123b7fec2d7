package io.peanutcache.cluster.transport;

import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.peanutcache.settings.TlsSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.cache.CacheException;
import javax.net.ssl.SSLException;

/**
 * The TLS of a node's connections with its peers, both ways mutual: its server asks every client
 * for a certificate that chains to the trusted authorities, and its calls present its own and
 * check the server's (its name or address against the member's address).
 */
final class PeerTls {

  private PeerTls() {}

  /**
   * The server side: this node's certificate, and a client certificate required of every caller.
   *
   * @param tls the node's TLS settings
   * @return the context of the server
   * @throws CacheException if a file does not hold what its setting says, naming the settings
   */
  static SslContext server(TlsSettings tls) {
    try {
      return GrpcSslContexts.forServer(tls.certificate().toFile(), tls.key().toFile())
          .trustManager(tls.trust().toFile())
          .clientAuth(ClientAuth.REQUIRE)
          .build();
    } catch (SSLException | IllegalArgumentException e) {
      throw unusable(tls, e);
    }
  }

  /**
   * The client side: this node's certificate presented to its peers, whose certificates must chain
   * to the trusted authorities.
   *
   * @param tls the node's TLS settings
   * @return the context of the calls
   * @throws CacheException if a file does not hold what its setting says, naming the settings
   */
  static SslContext client(TlsSettings tls) {
    try {
      return GrpcSslContexts.forClient()
          .keyManager(tls.certificate().toFile(), tls.key().toFile())
          .trustManager(tls.trust().toFile())
          .build();
    } catch (SSLException | IllegalArgumentException e) {
      throw unusable(tls, e);
    }
  }

  private static CacheException unusable(TlsSettings tls, Exception e) {
    Throwable cause = e instanceof UncheckedIOException unchecked ? unchecked.getCause() : e;
    return new CacheException("the TLS files cannot be used: " + TlsSettings.CERTIFICATE_PROPERTY + "="
        + tls.certificate() + ", " + TlsSettings.KEY_PROPERTY + "=" + tls.key() + ", "
        + TlsSettings.TRUST_PROPERTY + "=" + tls.trust() + ": " + cause
        + "; allowed: a PEM certificate chain, its unencrypted PKCS#8 PEM private key, and a PEM bundle "
        + "of the authorities members' certificates chain to", cause instanceof IOException ? cause : e);
  }
}
