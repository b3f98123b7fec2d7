package io.peanutcache.cluster.transport;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import java.net.SocketAddress;

/**
 * Where a call to the peer service comes from: the server's interceptor puts the remote address of
 * the call's connection in the call's gRPC context, where its handler reads it. The context is the
 * network thread's while the handler starts there; a handler that needs the address on the
 * executor reads it first.
 */
final class CallerAddress implements ServerInterceptor {

  private static final Context.Key<SocketAddress> REMOTE = Context.key("peanutcache-caller-address");

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
      ServerCallHandler<Q, R> next) {
    SocketAddress remote = call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR);
    return Contexts.interceptCall(Context.current().withValue(REMOTE, remote), call, headers, next);
  }

  /**
   * The remote address of the call being handled on this thread.
   *
   * @return the address, or null outside a call or if the transport does not say
   */
  static SocketAddress current() {
    return REMOTE.get();
  }
}
