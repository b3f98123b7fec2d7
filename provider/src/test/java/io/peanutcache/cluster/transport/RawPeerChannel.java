package io.peanutcache.cluster.transport;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.peanutcache.cluster.transport.proto.Header;
import io.peanutcache.cluster.transport.proto.PeerGrpc;
import io.peanutcache.testing.InJvmCluster;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * A client of a node's peer service that is no node: the generated stub over a plain channel,
 * sending whatever a test puts in its requests, from the local address the test picks.
 */
final class RawPeerChannel implements AutoCloseable {

  private final ManagedChannel channel;

  private RawPeerChannel(ManagedChannel channel) {
    this.channel = channel;
  }

  /** A channel to the node at {@code address}, from whatever local address the system picks. */
  static RawPeerChannel to(String address) {
    return new RawPeerChannel(NettyChannelBuilder.forTarget(address).usePlaintext().build());
  }

  /** A channel to the node at {@code address}, its connections made from {@code localHost}. */
  static RawPeerChannel to(String address, String localHost) {
    return new RawPeerChannel(NettyChannelBuilder.forTarget(address).usePlaintext()
        .localSocketPicker(new NettyChannelBuilder.LocalSocketPicker() {
          @Override
          public SocketAddress createSocketAddress(SocketAddress remote, io.grpc.Attributes attributes) {
            return new InetSocketAddress(localHost, 0);
          }
        })
        .build());
  }

  /** The channel itself, for stubs of its own. */
  ManagedChannel channel() {
    return channel;
  }

  /** A stub whose calls wait for the connection, each within 30 seconds. */
  PeerGrpc.PeerBlockingStub stub() {
    return PeerGrpc.newBlockingStub(channel).withWaitForReady().withDeadlineAfter(30, TimeUnit.SECONDS);
  }

  /** A header about a cache of {@link InJvmCluster#URI}, as {@code sender} would send it with its view's epoch. */
  static Header header(String cache, String sender, long epoch) {
    return Header.newBuilder().setCacheUri(InJvmCluster.URI.toString()).setCacheName(cache)
        .setEpoch(epoch).setSender(sender).build();
  }

  @Override
  public void close() throws InterruptedException {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }
}
