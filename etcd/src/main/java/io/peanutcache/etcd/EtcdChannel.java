package io.peanutcache.etcd;

import io.etcd.jetcd.ClientBuilder;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.netty.shaded.io.grpc.netty.NegotiationType;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.ChannelOption;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The channel the etcd client's calls travel on: made by the node with the gRPC transport its
 * peers talk over (the provider's shaded Netty), so that a node runs one network stack, not the
 * etcd client's second one beside it.
 *
 * <p>The etcd client makes its own channel, on the unshaded Netty, and does not take one from
 * outside. Installed as the client's innermost interceptor, this sends every call the client makes
 * on this channel instead, with the client's call options (deadline, credentials, wait-for-ready):
 * the client's own channel stays idle and never connects. This channel has the settings the client
 * would have given its own, read from the same {@link ClientBuilder}: the target (every endpoint,
 * resolved by the client's name resolver), authority, keep-alive, connect timeout, largest
 * message and load-balancing policy; over TLS, a context of the same files, for the shaded Netty.
 *
 * <p>Owning the channel also lets the node have it connect again at once when etcd may be back
 * ({@link #reconnectNow}): left alone, a channel that lost its server waits longer and longer
 * between attempts, up to two minutes, and a node would reach etcd again only seconds after it
 * returned, by when its lease could have expired.
 */
final class EtcdChannel implements ClientInterceptor {

  private final ManagedChannel channel;

  /**
   * A channel to what {@code client} names, which starts connecting at once.
   *
   * @param client the etcd client's settings, endpoints set
   * @param tls the TLS context for {@code https://} endpoints; empty for plaintext
   */
  EtcdChannel(ClientBuilder client, Optional<SslContext> tls) {
    NettyChannelBuilder builder = NettyChannelBuilder.forTarget(client.target());
    if (client.authority() != null) {
      builder.overrideAuthority(client.authority());
    }
    if (client.maxInboundMessageSize() != null) {
      builder.maxInboundMessageSize(client.maxInboundMessageSize());
    }
    if (tls.isPresent()) {
      builder.negotiationType(NegotiationType.TLS).sslContext(tls.get());
    } else {
      builder.negotiationType(NegotiationType.PLAINTEXT);
    }
    if (client.keepaliveTime() != null) {
      builder.keepAliveTime(client.keepaliveTime().toMillis(), TimeUnit.MILLISECONDS);
    }
    if (client.keepaliveTimeout() != null) {
      builder.keepAliveTimeout(client.keepaliveTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }
    if (client.keepaliveWithoutCalls() != null) {
      builder.keepAliveWithoutCalls(client.keepaliveWithoutCalls());
    }
    if (client.connectTimeout() != null) {
      builder.withOption(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) client.connectTimeout().toMillis());
    }
    builder.defaultLoadBalancingPolicy(
        client.loadBalancerPolicy() != null ? client.loadBalancerPolicy() : "round_robin");
    this.channel = builder.build();
    // the node calls etcd next: connecting now overlaps the connection with making the client
    channel.getState(true);
  }

  @Override
  public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
    return channel.newCall(method, options);
  }

  /** Makes the channel try to connect now, if it is waiting to try again; nothing otherwise. */
  void reconnectNow() {
    channel.resetConnectBackoff();
  }

  /** Closes the channel, cancelling the calls still on it. */
  void close() {
    channel.shutdownNow();
  }
}
