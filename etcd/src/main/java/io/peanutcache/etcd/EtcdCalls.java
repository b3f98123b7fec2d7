package io.peanutcache.etcd;

import io.etcd.jetcd.ByteSequence;
import io.grpc.StatusRuntimeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * How the membership calls etcd: each call within a deadline, keys and values as UTF-8, and a
 * failure told in a few words for the logs and for error messages.
 *
 * <p>A call that gets no answer in time is cancelled and fails with a {@link TimeoutException} that
 * says how long it waited. Everything here is static and keeps no state, so any thread may call it.
 */
final class EtcdCalls {

  /** How long one call to etcd may take before it counts as a failure. */
  static final Duration CALL_TIMEOUT = Duration.ofSeconds(3);

  /** How long to wait before asking an unreachable etcd again. */
  static final long RETRY_MILLIS = 250;

  private EtcdCalls() {}

  /** Waits {@link #CALL_TIMEOUT} for {@code call}'s answer, cancelling it if none comes. */
  static <T> T await(Future<T> call) throws ExecutionException, TimeoutException, InterruptedException {
    return await(call, CALL_TIMEOUT);
  }

  /** Waits {@code timeout} for {@code call}'s answer, cancelling it if none comes. */
  static <T> T await(Future<T> call, Duration timeout)
      throws ExecutionException, TimeoutException, InterruptedException {
    try {
      return call.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      call.cancel(true);
      throw new TimeoutException("no answer within " + timeout.toMillis() + " ms");
    }
  }

  static ByteSequence bytes(String text) {
    return ByteSequence.from(text, StandardCharsets.UTF_8);
  }

  static String string(ByteSequence bytes) {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  /**
   * The message of {@code failure}, or of its cause when it only wraps one, or its type's name;
   * for a gRPC status, its first line and the message of what caused it (such as a refused
   * connection).
   */
  static String describe(Throwable failure) {
    Throwable cause = failure instanceof ExecutionException && failure.getCause() != null ? failure.getCause() : failure;
    if (cause instanceof TimeoutException && cause.getMessage() == null) {
      return "no answer within " + CALL_TIMEOUT.toMillis() + " ms";
    }
    if (cause.getMessage() == null) {
      return cause.getClass().getSimpleName();
    }
    String message = cause.getMessage().lines().findFirst().orElse("");
    Throwable inner = cause.getCause();
    if (cause instanceof StatusRuntimeException && inner != null && inner.getMessage() != null
        && !message.contains(inner.getMessage())) {
      return message + " (" + inner.getMessage().lines().findFirst().orElse("") + ")";
    }
    return message;
  }
}
