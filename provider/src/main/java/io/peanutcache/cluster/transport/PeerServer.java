package io.peanutcache.cluster.transport;

import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.peanutcache.settings.HostAndPort;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The socket a node listens on for its peers, serving the one gRPC service, {@link PeerService}.
 *
 * <p>Handlers start on the network's event loop: {@link PeerService} answers there what cannot
 * block (a plain hit, an invalidation) and hands everything else to the node's executor for peers'
 * requests. No message above {@code peanutcache.max-message-size} is read or sent (see
 * {@link MessageSizeLimit}).
 */
public final class PeerServer {

  /** How often a peer may ping this node over an idle connection: half the clients' interval. */
  private static final Duration PEER_PING_INTERVAL = Duration.ofSeconds(10);

  private final Server server;
  private final PeerService service;

  private PeerServer(Server server, PeerService service) {
    this.server = server;
    this.service = service;
  }

  /**
   * Starts listening for the peers of a node.
   *
   * @param bind the local address to listen on
   * @param host the node the service answers for
   * @param maxMessageSize the largest message the server accepts or sends, in bytes
   * @param tls the node's TLS, or empty for plaintext
   * @return the running server
   * @throws IOException if the address cannot be bound
   */
  public static PeerServer start(HostAndPort bind, PeerHost host, int maxMessageSize, Optional<PeerTls> tls)
      throws IOException {
    MessageSizeLimit messageSize = new MessageSizeLimit(maxMessageSize);
    PeerService service = new PeerService(host, messageSize);
    NettyServerBuilder builder = NettyServerBuilder.forAddress(new InetSocketAddress(bind.host(), bind.port()));
    // with TLS, only a client whose certificate chains to the trusted authorities gets a connection
    tls.ifPresent(peers -> builder.sslContext(peers.server()));
    // with member names, only calls whose sender the client's certificate names are answered
    tls.map(PeerTls::certifiedSender).ifPresent(builder::intercept);
    return new PeerServer(builder
        .addService(ServerInterceptors.intercept(service,
            messageSize.repliesOf(host.view().self().name())))
        // the handlers of the calls only members may make read where each call comes from
        .intercept(new CallerAddress())
        // no request above the limit is read, and no reply above it is sent
        .maxInboundMessageSize(maxMessageSize)
        // peers keep their connections open with pings while no call runs
        .permitKeepAliveTime(PEER_PING_INTERVAL.toSeconds(), TimeUnit.SECONDS)
        .permitKeepAliveWithoutCalls(true)
        .directExecutor()
        .build()
        .start(), service);
  }

  /** Stops taking calls and cancels those under way; {@link #awaitStopped()} waits for the end. */
  public void stop() {
    server.shutdownNow();
  }

  /**
   * Stops taking calls and lets those under way end, within {@code grace}; then cancels what is
   * left. For a node that has handed its partitions over: the requests it runs still end with
   * their answers, "not owner" among them, which their senders send on to the new owners.
   *
   * @param grace how long the calls under way may take
   */
  public void stopGracefully(java.time.Duration grace) {
    // the streams of reads would last as long as their callers: they end once their reads are answered
    service.endReads();
    server.shutdown();
    try {
      server.awaitTermination(grace.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    server.shutdownNow();
  }

  /** Waits, up to five seconds, until the server has stopped. */
  public void awaitStopped() {
    try {
      server.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
