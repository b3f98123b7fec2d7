package io.peanutcache.cluster.transport;

import io.grpc.Attributes;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.peanutcache.settings.HostAndPort;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.util.Optional;

/**
 * Makes a node's connections to its peers come from the host it advertises: its peers take the
 * calls only members may make (see {@link MembersOnly}) from that host alone, and on a machine of
 * several addresses the system could pick another. Only an advertised IP address that this
 * machine can bind is used, and only towards peers of its address family; otherwise the system
 * picks the source, as it does when a host name is advertised.
 */
final class AdvertisedSource extends NettyChannelBuilder.LocalSocketPicker {

  private final InetAddress source;

  private AdvertisedSource(InetAddress source) {
    this.source = source;
  }

  /**
   * The source of the connections of a node that advertises {@code advertised}.
   *
   * @param advertised the node's advertised address, if any
   * @return the source, or empty if the system is to pick it
   */
  static Optional<AdvertisedSource> of(Optional<HostAndPort> advertised) {
    if (advertised.isEmpty() || !isIpAddress(advertised.get())) {
      return Optional.empty();
    }
    try (Socket probe = new Socket()) {
      InetAddress address = InetAddress.getByName(advertised.get().host()); // an IP address: no lookup
      if (address.isAnyLocalAddress()) {
        return Optional.empty();
      }
      probe.bind(new InetSocketAddress(address, 0));
      return Optional.of(new AdvertisedSource(address));
    } catch (IOException notOfThisMachine) {
      return Optional.empty();
    }
  }

  private static boolean isIpAddress(HostAndPort address) {
    return address.isIpv6() || address.host().chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'));
  }

  @Override
  public SocketAddress createSocketAddress(SocketAddress remote, Attributes attributes) {
    if (remote instanceof InetSocketAddress peer && peer.getAddress() != null
        && peer.getAddress().getClass() == source.getClass()) {
      return new InetSocketAddress(source, 0);
    }
    return null;
  }
}
