package io.peanutcache.etcd;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;

/**
 * Reaches the channel under the etcd client, which the client does not hand out, to make it
 * connect again at once when etcd may be back.
 *
 * <p>A gRPC channel that lost its server waits longer and longer between connection attempts, up
 * to two minutes: after an outage of ten seconds, a node would reach etcd again only several
 * seconds after etcd returned, by when its lease would have expired. Installed as the client's
 * interceptor, this sees the next step of every call: the channel, or the chain of the client's
 * own interceptors in front of it, which it follows down to the channel. If it finds no channel,
 * {@link #reconnectNow} does nothing and the channel's own backoff decides.
 */
final class EtcdChannel implements ClientInterceptor {

  private static final System.Logger LOG = System.getLogger(EtcdChannel.class.getName());

  private volatile ManagedChannel channel;
  private volatile boolean searched;

  @Override
  public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
    if (!searched) {
      searched = true;
      channel = underneath(next);
    }
    return next.newCall(method, options);
  }

  /** Makes the channel try to connect now, if it is waiting to try again; nothing otherwise. */
  void reconnectNow() {
    ManagedChannel known = channel;
    if (known != null) {
      known.resetConnectBackoff();
    }
  }

  /**
   * The managed channel under {@code next}: {@code next} itself, or the channel one of its fields
   * holds (an intercepting channel holds the next one; the channel a managed channel hands its
   * interceptors holds the managed channel as its enclosing instance), followed a few steps down.
   *
   * @return the channel, or null if there is none within reach
   */
  private static ManagedChannel underneath(Channel next) {
    Channel current = next;
    try {
      for (int depth = 0; depth < 8 && current != null; depth++) {
        if (current instanceof ManagedChannel managed) {
          return managed;
        }
        current = innerChannel(current);
      }
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.log(System.Logger.Level.DEBUG, "the etcd client''s channel is out of reach ({0}); it reconnects "
          + "after its own backoff", e.toString());
      return null;
    }
    LOG.log(System.Logger.Level.DEBUG, "found no channel under the etcd client; it reconnects after its own "
        + "backoff");
    return null;
  }

  /**
   * What a field of {@code channel} holds: a managed channel if one does, else another channel,
   * else null.
   */
  private static Channel innerChannel(Channel channel) throws IllegalAccessException {
    Channel other = null;
    for (Class<?> type = channel.getClass(); type != null && type != Object.class; type = type.getSuperclass()) {
      for (Field field : type.getDeclaredFields()) {
        if (Modifier.isStatic(field.getModifiers()) || !Channel.class.isAssignableFrom(field.getType())) {
          continue;
        }
        field.setAccessible(true);
        Object held = field.get(channel);
        if (held instanceof ManagedChannel managed) {
          return managed;
        }
        if (other == null && held instanceof Channel inner && held != channel) {
          other = inner;
        }
      }
    }
    return other;
  }
}
