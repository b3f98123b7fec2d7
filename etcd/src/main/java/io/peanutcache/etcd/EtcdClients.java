package io.peanutcache.etcd;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.ClientBuilder;
import io.grpc.ClientInterceptor;
import io.grpc.netty.GrpcSslContexts;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.peanutcache.settings.EtcdSecurity;
import io.peanutcache.settings.EtcdSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import javax.cache.CacheException;
import javax.net.ssl.SSLException;

/**
 * Makes the etcd client of a node from its settings: {@code https://} endpoints over TLS,
 * trusting {@value EtcdSecurity#TRUST_PROPERTY} (or the JDK's default authorities) and presenting
 * the client certificate when one is set, and calls made as the etcd user when one is set.
 *
 * <p>The etcd client does not take TLS from the endpoints' scheme: without a TLS context it talks
 * plaintext even to {@code https://}. The context is made here, with the unshaded Netty that the
 * client's channel runs on.
 */
final class EtcdClients {

  private EtcdClients() {}

  /**
   * A client of the etcd the settings name.
   *
   * @param settings the endpoints and their security
   * @param interceptors what sees every call, in order
   * @return the client; it connects on its first call
   * @throws CacheException naming the setting, if a TLS file holds no certificate or no key
   */
  static Client open(EtcdSettings settings, ClientInterceptor... interceptors) {
    ClientBuilder builder = Client.builder().endpoints(settings.endpoints())
        // retry soon after etcd returns: this node's lease runs out a TTL after that
        .retryDelay(100).retryMaxDelay(500).retryChronoUnit(ChronoUnit.MILLIS)
        .keepaliveTime(Duration.ofSeconds(2)).keepaliveTimeout(Duration.ofSeconds(1));
    for (ClientInterceptor interceptor : interceptors) {
      builder.interceptor(interceptor);
    }
    EtcdSecurity security = settings.security();
    if (settings.isTls()) {
      builder.sslContext(tls(security));
    }
    if (security.user().isPresent()) {
      builder.user(ByteSequence.from(security.user().get(), StandardCharsets.UTF_8))
          .password(ByteSequence.from(security.password().orElseThrow(), StandardCharsets.UTF_8));
    }
    return builder.build();
  }

  /** The TLS context of the settings; without a trust file, the JDK's default authorities. */
  private static SslContext tls(EtcdSecurity security) {
    SslContextBuilder context = GrpcSslContexts.forClient();
    if (security.trust().isPresent()) {
      Path trust = security.trust().get();
      try {
        context.trustManager(trust.toFile());
      } catch (IllegalArgumentException unreadable) {
        throw unusable(EtcdSecurity.TRUST_PROPERTY, trust, "the certificates of the authorities etcd's "
            + "certificate chains to", unreadable);
      }
    }
    if (security.certificate().isPresent()) {
      Path certificate = security.certificate().get();
      Path key = security.key().orElseThrow();
      try {
        context.keyManager(certificate.toFile(), key.toFile());
      } catch (IllegalArgumentException unreadable) {
        throw unusable(EtcdSecurity.CERTIFICATE_PROPERTY + " and " + EtcdSecurity.KEY_PROPERTY,
            certificate + " and " + key, "a certificate chain and its unencrypted PKCS#8 private key",
            unreadable);
      }
    }
    try {
      return context.build();
    } catch (SSLException | IllegalArgumentException unusable) {
      throw new CacheException("the TLS files for etcd (" + EtcdSecurity.TRUST_PROPERTY + ", "
          + EtcdSecurity.CERTIFICATE_PROPERTY + ", " + EtcdSecurity.KEY_PROPERTY + ") cannot be used: "
          + unusable.getMessage(), unusable);
    }
  }

  private static CacheException unusable(String keys, Object files, String allowed, Exception cause) {
    return new CacheException(keys + " (" + files + ") cannot be used: " + cause.getMessage()
        + "; allowed: PEM files holding " + allowed, cause);
  }
}
