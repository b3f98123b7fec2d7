package io.peanutcache.cluster.transport;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.peanutcache.InvalidSettingException;
import io.peanutcache.cluster.membership.Member;
import io.peanutcache.cluster.ring.ClusterView;
import io.peanutcache.cluster.transport.proto.Header;
import io.peanutcache.settings.HostAndPort;
import io.peanutcache.threads.PressureLog;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.util.function.Supplier;

/**
 * The check of the calls only members may make, which change or reveal a cache as a whole rather
 * than a key: defining, destroying and clearing a cache, and registering, deregistering, listing
 * and delivering to listeners. The sender the request names must be a member of this node's view,
 * other than this node, and the call must come from an address of the host that member
 * advertises; otherwise the call fails with PERMISSION_DENIED and changes nothing.
 *
 * <p>This is no authentication: anyone on that host can pass it, and a member's host is compared,
 * not its port, since a caller's port is its own. It keeps out whoever reaches a node's port from
 * elsewhere, and a member's calls are made from the host it advertises (see
 * {@code PeerConnection}). A sender with a newer view than this node's may be a member this node
 * has not seen join yet: this node refreshes its view before it refuses one.
 *
 * <p>Refusals are logged at most once a minute, with how many there were since the last line (see
 * {@link PressureLog}).
 */
final class MembersOnly {

  private static final System.Logger LOG = System.getLogger(MembersOnly.class.getName());

  private final PeerHost host;
  private final PressureLog refusals;

  /**
   * The check of the calls to {@code host}.
   *
   * @param host the node
   */
  MembersOnly(PeerHost host) {
    this.host = host;
    this.refusals = new PressureLog(LOG, "calls only members may make were refused on node "
        + host.view().self().name());
  }

  /**
   * Answers a call only members may make: where it comes from is read now, on the network thread;
   * the check and then the reply run on the node's executor for peers' requests.
   *
   * @param handler the handler of the call
   * @param call the call, for the message
   * @param header the request's header, which names the sender and its epoch
   * @param out where the reply goes
   * @param reply makes the reply, once the sender passed the check
   * @param <R> the reply type
   */
  <R> void answer(PeerHandler handler, String call, Header header, StreamObserver<R> out, Supplier<R> reply) {
    answer(handler, call, header.getSender(), header.getEpoch(), out, reply);
  }

  /**
   * Answers a call only members may make, whose request names its sender and epoch itself.
   *
   * @see #answer(PeerHandler, String, Header, StreamObserver, Supplier)
   */
  <R> void answer(PeerHandler handler, String call, String sender, long epoch, StreamObserver<R> out,
      Supplier<R> reply) {
    SocketAddress from = CallerAddress.current();
    handler.answer(out, () -> {
      require(call, sender, epoch, from);
      return reply.get();
    });
  }

  /**
   * Fails the call unless it comes from a member: see the class description. May refresh the
   * view, and may look the member's host name up: call it off the network thread.
   *
   * @param call the call, for the message
   * @param sender the sender the request names
   * @param epoch the epoch of the sender's view, or 0 if the request does not say
   * @param from the remote address of the call, read on the network thread
   * @throws io.grpc.StatusRuntimeException with PERMISSION_DENIED if it does not
   */
  void require(String call, String sender, long epoch, SocketAddress from) {
    ClusterView view = host.view();
    String refusal = refusal(view, sender, from);
    if (refusal != null && epoch > view.epoch()) {
      host.refreshMembership();
      view = host.view();
      refusal = refusal(view, sender, from);
    }
    if (refusal == null) {
      return;
    }
    String description = call + " refused by " + view.self().name() + ": " + refusal;
    log(description);
    throw Status.PERMISSION_DENIED.withDescription(description).asRuntimeException();
  }

  /** Why a call is refused by {@code view}, or null if it comes from a member. */
  private static String refusal(ClusterView view, String sender, SocketAddress from) {
    Member member = view.member(sender);
    if (member == null || view.isSelf(member)) {
      return "the sender \"" + sender + "\" is not a peer of it at epoch " + view.epoch() + "; allowed: "
          + view.peers().stream().map(Member::name).toList() + ", each from the host it advertises";
    }
    InetAddress remote = remoteHost(from);
    if (remote == null || !isAddressOf(member, remote)) {
      return "the call names the sender " + sender + ", which advertises " + member.address()
          + ", but it came from " + (remote == null ? from : remote.getHostAddress())
          + "; allowed: the calls of a member from the host it advertises";
    }
    return null;
  }

  /** The host of a remote address, IPv4 for an IPv4-mapped IPv6 address; null if it has none. */
  private static InetAddress remoteHost(SocketAddress from) {
    if (!(from instanceof InetSocketAddress socket) || socket.getAddress() == null) {
      return null;
    }
    try {
      return InetAddress.getByAddress(socket.getAddress().getAddress());
    } catch (UnknownHostException cannotHappen) {
      return null;
    }
  }

  /** Whether {@code remote} is an address of the host {@code member} advertises. */
  private static boolean isAddressOf(Member member, InetAddress remote) {
    String advertised;
    try {
      advertised = HostAndPort.parse("the address of member " + member.name(), member.address()).host();
    } catch (InvalidSettingException unreadable) {
      return false;
    }
    try {
      for (InetAddress address : InetAddress.getAllByName(advertised)) {
        if (address.equals(remote)) {
          return true;
        }
      }
    } catch (UnknownHostException unknown) {
      return false;
    }
    return false;
  }

  private void log(String description) {
    refusals.refused(() -> "the latest: " + description);
  }
}
