package io.peanutcache.cluster.transport;

import com.google.protobuf.ByteString;
import io.peanutcache.CodecException;
import io.peanutcache.cluster.transport.proto.Failure;
import io.peanutcache.codec.AllowList;
import io.peanutcache.codec.ValueCodec;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import javax.cache.CacheException;
import javax.cache.event.CacheEntryListenerException;
import javax.cache.integration.CacheLoaderException;
import javax.cache.integration.CacheWriterException;
import javax.cache.processor.EntryProcessorException;

/**
 * Carries an exception an operation threw on the owner back to the caller, who rethrows it as the
 * same JSR-107 type (a loader's failure stays a {@code CacheLoaderException}, a bad argument an
 * {@code IllegalArgumentException}) with a message that names the owner. Types outside this set
 * arrive as a {@link CacheException} naming the original type.
 *
 * <p>The exception's cause travels serialized and becomes the rethrown exception's cause, since
 * JSR-107 has the application see what its code threw: {@code invoke} wraps the entry processor's
 * exception in an {@code EntryProcessorException}, whose cause it is. The cause is decoded with
 * the calling thread's context class loader (or the provider's), under the node's allow-list: an
 * exception of a class the list does not allow is never created. A cause that does not serialize,
 * decode or pass the list is described in the message only.
 */
final class Failures {

  private static final Map<String, Function<String, RuntimeException>> TYPES = Map.ofEntries(
      Map.entry(CacheLoaderException.class.getName(), CacheLoaderException::new),
      Map.entry(CacheWriterException.class.getName(), CacheWriterException::new),
      Map.entry(EntryProcessorException.class.getName(), EntryProcessorException::new),
      Map.entry(CacheEntryListenerException.class.getName(), CacheEntryListenerException::new),
      Map.entry(CodecException.class.getName(), CodecException::new),
      Map.entry(CacheException.class.getName(), CacheException::new),
      Map.entry(ClassCastException.class.getName(), ClassCastException::new),
      Map.entry(IllegalArgumentException.class.getName(), IllegalArgumentException::new),
      Map.entry(IllegalStateException.class.getName(), IllegalStateException::new),
      Map.entry(NullPointerException.class.getName(), NullPointerException::new),
      Map.entry(UnsupportedOperationException.class.getName(), UnsupportedOperationException::new));

  private Failures() {}

  /** The wire form of an exception thrown on this node. */
  static Failure of(Throwable thrown) {
    Failure.Builder failure = Failure.newBuilder().setType(thrown.getClass().getName());
    if (thrown.getMessage() != null) {
      failure.setMessage(thrown.getMessage());
    }
    if (thrown.getCause() != null) {
      failure.setCause(String.valueOf(thrown.getCause()));
      serialized(thrown.getCause()).ifPresent(failure::setSerializedCause);
    }
    return failure.build();
  }

  private static Optional<ByteString> serialized(Throwable cause) {
    try {
      return Optional.of(ByteString.copyFrom(new ValueCodec(Failures.class.getClassLoader()).encode(cause)));
    } catch (CodecException notSerializable) {
      return Optional.empty();
    }
  }

  private static Optional<Throwable> cause(Failure failure, AllowList causes) {
    if (failure.getSerializedCause().isEmpty()) {
      return Optional.empty();
    }
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    ClassLoader loader = context != null ? context : Failures.class.getClassLoader();
    try {
      return new ValueCodec(loader, causes.filter()).decode(failure.getSerializedCause().toByteArray())
          instanceof Throwable cause
          ? Optional.of(cause) : Optional.empty();
    } catch (CodecException undecodable) {
      return Optional.empty();
    }
  }

  /**
   * The exception to throw on the caller for a failure that came from {@code peer}, its cause
   * decoded under {@code causes}.
   */
  static RuntimeException toException(Failure failure, String peer, AllowList causes) {
    String message = (failure.getMessage().isEmpty() ? failure.getType() : failure.getMessage())
        + " (on owner " + peer + (failure.getCause().isEmpty() ? "" : "; cause: " + failure.getCause()) + ")";
    Function<String, RuntimeException> type = TYPES.get(failure.getType());
    RuntimeException exception = type != null
        ? type.apply(message)
        : new CacheException(failure.getType() + ": " + message);
    cause(failure, causes).ifPresent(exception::initCause);
    return exception;
  }
}
