package io.peanutcache.etcd;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.MethodDescriptor;

/**
 * Makes the etcd client's calls fail at once, while it is {@linkplain #on() on}, when the channel
 * cannot connect, instead of waiting for a connection until their deadline.
 *
 * <p>The etcd client has every call wait for a connection, which suits a running node that rides
 * out an etcd outage. A joining node needs the other answer: when etcd refuses the connection
 * (a certificate neither side trusts, a client certificate missing), a waiting call only times
 * out, while a call that fails at once carries the TLS error that says why. A call made while the
 * channel is still connecting waits for that attempt either way. Installed as the client's
 * interceptor; any thread may switch it.
 */
final class EtcdFailFast implements ClientInterceptor {

  private volatile boolean on;

  /** From now on, calls fail at once when the channel cannot connect. */
  void on() {
    on = true;
  }

  /** From now on, calls wait for a connection again, as the etcd client has them do. */
  void off() {
    on = false;
  }

  @Override
  public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
    return next.newCall(method, on ? options.withoutWaitForReady() : options);
  }
}
