package io.peanutcache.cluster.transport;

import com.google.protobuf.MessageLite;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.ForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.peanutcache.cluster.membership.Member;
import io.peanutcache.settings.NodeSettings;
import javax.cache.CacheException;

/**
 * The largest message a node sends to a peer or accepts from one
 * ({@value NodeSettings#MAX_MESSAGE_SIZE_PROPERTY}). gRPC itself refuses a message that arrives
 * above it ({@code RESOURCE_EXHAUSTED}, having read no more than its length); the interceptors here
 * check what would leave, before it is sent, so that the node that cannot send a message is the one
 * that says so: a request above the limit fails on its caller with a {@link CacheException} naming
 * the setting and the sizes, and nothing of it is sent; a reply above it fails the call with
 * {@code RESOURCE_EXHAUSTED} saying the same.
 */
final class MessageSizeLimit {

  private final int maxBytes;

  /**
   * The limit.
   *
   * @param maxBytes the largest message, in bytes
   */
  MessageSizeLimit(int maxBytes) {
    this.maxBytes = maxBytes;
  }

  /** The largest message, in bytes. */
  int bytes() {
    return maxBytes;
  }

  /** The size of a message as it goes on the wire (PeanutCache compresses nothing). */
  private static int size(Object message) {
    return message instanceof MessageLite protobuf ? protobuf.getSerializedSize() : 0;
  }

  /**
   * Why a message is not sent: it is larger than the limit.
   *
   * @param what the message, for the text
   * @param size its size in bytes
   * @return the text, naming the setting and the sizes
   */
  String refusal(String what, int size) {
    return tooLarge(what, size);
  }

  private String tooLarge(String what, int size) {
    return what + " is " + size + " bytes, more than the " + maxBytes + " that "
        + NodeSettings.MAX_MESSAGE_SIZE_PROPERTY + " allows: it was not sent";
  }

  /**
   * Checks the requests this node sends to {@code peer}.
   *
   * @param peer the peer the channel reaches
   * @return the interceptor of its channel
   */
  ClientInterceptor requestsTo(Member peer) {
    return new ClientInterceptor() {
      @Override
      public <Q, A> ClientCall<Q, A> interceptCall(MethodDescriptor<Q, A> method, CallOptions options, Channel next) {
        return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
          @Override
          public void sendMessage(Q message) {
            int size = size(message);
            if (size > maxBytes) {
              throw new CacheException(tooLarge("the " + method.getBareMethodName() + " request to peer "
                  + peer.name() + " (" + peer.address() + ")", size));
            }
            super.sendMessage(message);
          }
        };
      }
    };
  }

  /**
   * Checks the replies this node sends.
   *
   * @param nodeName this node's name, for messages
   * @return the interceptor of its service
   */
  ServerInterceptor repliesOf(String nodeName) {
    return new ServerInterceptor() {
      @Override
      public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers,
          ServerCallHandler<Q, A> next) {
        return next.startCall(new RepliesChecked<>(call, nodeName), headers);
      }
    };
  }

  /**
   * A call whose replies are checked: one above the limit closes the call with
   * {@code RESOURCE_EXHAUSTED} and throws that status to the handler, which stops; whatever the
   * handler sends or closes after that is dropped.
   */
  private final class RepliesChecked<Q, A> extends ForwardingServerCall.SimpleForwardingServerCall<Q, A> {

    private final String nodeName;
    private volatile Status refused;

    RepliesChecked(ServerCall<Q, A> call, String nodeName) {
      super(call);
      this.nodeName = nodeName;
    }

    @Override
    public void sendMessage(A message) {
      if (refused != null) {
        throw refused.asRuntimeException();
      }
      int size = size(message);
      if (size > maxBytes) {
        Status status = Status.RESOURCE_EXHAUSTED.withDescription(tooLarge("the reply to "
            + getMethodDescriptor().getBareMethodName() + " from node " + nodeName, size));
        refused = status;
        super.close(status, new Metadata());
        throw new StatusRuntimeException(status);
      }
      super.sendMessage(message);
    }

    @Override
    public boolean isReady() {
      return refused == null && super.isReady();
    }

    @Override
    public void close(Status status, Metadata trailers) {
      if (refused == null) {
        super.close(status, trailers);
      }
    }
  }
}
