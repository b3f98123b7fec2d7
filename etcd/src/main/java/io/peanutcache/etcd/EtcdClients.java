package io.peanutcache.etcd;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.ClientBuilder;
import io.grpc.ClientInterceptor;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.peanutcache.settings.EtcdSecurity;
import io.peanutcache.settings.EtcdSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import javax.cache.CacheException;
import javax.net.ssl.SSLException;

/**
 * Makes the etcd client of a node from its settings, and the channel its calls travel on
 * ({@link EtcdChannel}): {@code https://} endpoints over TLS, trusting {@value
 * EtcdSecurity#TRUST_PROPERTY} (or the JDK's default authorities) and presenting the client
 * certificate when one is set, and calls made as the etcd user when one is set.
 */
final class EtcdClients {

  private EtcdClients() {}

  /**
   * The channel for the client of the etcd the settings name.
   *
   * @param settings the endpoints and their security
   * @return the channel, connecting
   * @throws CacheException naming the setting, if a TLS file holds no certificate or no key
   */
  static EtcdChannel channel(EtcdSettings settings) {
    return new EtcdChannel(builder(settings),
        settings.isTls() ? Optional.of(tls(settings.security())) : Optional.empty());
  }

  /**
   * A client of the etcd the settings name, whose calls travel on {@code channel}.
   *
   * @param settings the endpoints and their security
   * @param channel what the client's calls travel on, from {@link #channel}
   * @param interceptors what sees every call before it goes on the channel; the last one first
   * @return the client
   */
  static Client open(EtcdSettings settings, EtcdChannel channel, ClientInterceptor... interceptors) {
    // the first interceptor is the last to see a call: the channel, which sends it on
    ClientBuilder builder = builder(settings).interceptor(channel);
    for (ClientInterceptor interceptor : interceptors) {
      builder.interceptor(interceptor);
    }
    EtcdSecurity security = settings.security();
    if (security.user().isPresent()) {
      builder.user(ByteSequence.from(security.user().get(), StandardCharsets.UTF_8))
          .password(ByteSequence.from(security.password().orElseThrow(), StandardCharsets.UTF_8));
    }
    return builder.build();
  }

  /** The client's endpoints, keep-alive and retries. */
  private static ClientBuilder builder(EtcdSettings settings) {
    return Client.builder().endpoints(settings.endpoints())
        // retry soon after etcd returns: this node's lease runs out a TTL after that
        .retryDelay(100).retryMaxDelay(500).retryChronoUnit(ChronoUnit.MILLIS)
        .keepaliveTime(Duration.ofSeconds(2)).keepaliveTimeout(Duration.ofSeconds(1));
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
