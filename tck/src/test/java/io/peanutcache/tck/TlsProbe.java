package io.peanutcache.tck;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.peanutcache.testing.ProbeCall;
import java.time.Duration;
import javax.net.ssl.SSLException;

/**
 * Tells whether a node talks mutual TLS with the cluster's certificates, from outside: it calls a
 * method no node serves, once in plaintext and once over TLS with a member's certificate. A node
 * that talks TLS refuses the first before reading it ({@code UNAVAILABLE}) and answers the second
 * {@code UNIMPLEMENTED}; a plaintext node answers the first {@code UNIMPLEMENTED}.
 */
final class TlsProbe {

  /** Generous: the TCK's JVMs share two busy cores. */
  private static final long DEADLINE_SECONDS = 20;

  private final TckCertificates certificates;

  /**
   * A probe that calls over TLS as a member would.
   *
   * @param certificates the cluster's certificates
   */
  TlsProbe(TckCertificates certificates) {
    this.certificates = certificates;
  }

  /**
   * Checks that the node at {@code address} refuses a plaintext client and answers a member's
   * TLS client.
   *
   * @param address the node's {@code host:port}
   * @throws IllegalStateException saying what the node did instead
   */
  void check(String address) {
    Status.Code plaintext = call(NettyChannelBuilder.forTarget(address).usePlaintext().build());
    if (plaintext != Status.Code.UNAVAILABLE) {
      throw new IllegalStateException("the cluster pass asked for mutual TLS ("
          + TckCluster.TLS_PROPERTY + "=true), but the node at " + address + " answered a plaintext"
          + " client " + plaintext + " where a TLS node refuses it (UNAVAILABLE)");
    }
    Status.Code tls = call(tlsChannel(address));
    if (tls != Status.Code.UNIMPLEMENTED) {
      throw new IllegalStateException("the node at " + address + " answered a client with the"
          + " cluster's certificate " + tls + " where a TLS node reads the call (UNIMPLEMENTED)");
    }
  }

  private ManagedChannel tlsChannel(String address) {
    try {
      return NettyChannelBuilder.forTarget(address).sslContext(GrpcSslContexts.forClient()
          .keyManager(certificates.certificate().toFile(), certificates.key().toFile())
          .trustManager(certificates.trust().toFile())
          .build()).build();
    } catch (SSLException e) {
      throw new IllegalStateException("cannot read the cluster's certificates: " + e.getMessage(),
          e);
    }
  }

  /** The status of a call, through {@code channel}, of a method no node serves. */
  private static Status.Code call(ManagedChannel channel) {
    return ProbeCall.status(channel, Duration.ofSeconds(DEADLINE_SECONDS));
  }
}
