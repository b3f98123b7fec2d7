package io.peanutcache.testing;

import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A call of a method no node serves, to learn how a node's socket treats a client without
 * touching its caches: a node that reads the call answers {@code UNIMPLEMENTED}, and one that
 * refuses the client before reading (a TLS node and a plaintext client, or a client whose
 * certificate it does not trust) leaves it {@code UNAVAILABLE}.
 */
public final class ProbeCall {

  /** A method no node serves. */
  private static final MethodDescriptor<byte[], byte[]> NO_SUCH_METHOD =
      MethodDescriptor.<byte[], byte[]>newBuilder()
          .setType(MethodDescriptor.MethodType.UNARY)
          .setFullMethodName("peanutcache.testing.Probe/NoSuchMethod")
          .setRequestMarshaller(new Bytes())
          .setResponseMarshaller(new Bytes())
          .build();

  private ProbeCall() {}

  /**
   * Calls the method no node serves through {@code channel}, then closes the channel.
   *
   * @param channel a channel to a node
   * @param deadline how long the call may take
   * @return the call's status code: {@code UNIMPLEMENTED} if the node read it
   */
  public static Status.Code status(ManagedChannel channel, Duration deadline) {
    try {
      ClientCalls.blockingUnaryCall(channel, NO_SUCH_METHOD,
          CallOptions.DEFAULT.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS), new byte[0]);
      return Status.Code.OK;
    } catch (StatusRuntimeException e) {
      return e.getStatus().getCode();
    } finally {
      channel.shutdownNow();
    }
  }

  /** Passes a call's bytes as they are. */
  private static final class Bytes implements MethodDescriptor.Marshaller<byte[]> {
    @Override
    public InputStream stream(byte[] value) {
      return new ByteArrayInputStream(value);
    }

    @Override
    public byte[] parse(InputStream stream) {
      try {
        return stream.readAllBytes();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
