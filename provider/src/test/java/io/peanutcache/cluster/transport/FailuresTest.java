package io.peanutcache.cluster.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.peanutcache.cluster.transport.proto.Failure;
import io.peanutcache.codec.AllowList;
import javax.cache.CacheException;
import javax.cache.processor.EntryProcessorException;
import org.junit.jupiter.api.Test;

/** An exception thrown on a key's owner reaches the caller as the same type, with its cause. */
class FailuresTest {

  @Test
  void anEntryProcessorsExceptionArrivesAsTheCauseOfTheEntryProcessorException() {
    UnsupportedOperationException thrown = new UnsupportedOperationException("not here");
    Failure failure = Failures.of(new EntryProcessorException(thrown));

    RuntimeException rethrown = Failures.toException(failure, "10.0.0.2:7070", AllowList.builtIn());

    assertInstanceOf(EntryProcessorException.class, rethrown);
    assertTrue(rethrown.getMessage().contains("10.0.0.2:7070"), rethrown.getMessage());
    assertInstanceOf(UnsupportedOperationException.class, rethrown.getCause());
    assertEquals("not here", rethrown.getCause().getMessage());
  }

  @Test
  void anErrorAsTheCauseArrivesToo() {
    Failure failure = Failures.of(new EntryProcessorException(new IllegalAccessError()));

    assertInstanceOf(IllegalAccessError.class,
        Failures.toException(failure, "owner", AllowList.builtIn()).getCause());
  }

  @Test
  void aCauseThatDoesNotSerializeIsDescribedInTheMessage() {
    Failure failure = Failures.of(new CacheException(new Unserializable()));

    RuntimeException rethrown = Failures.toException(failure, "owner", AllowList.builtIn());

    assertNull(rethrown.getCause());
    assertTrue(rethrown.getMessage().contains(Unserializable.class.getName()), rethrown.getMessage());
  }

  /** An exception holding a field that does not serialize. */
  private static final class Unserializable extends RuntimeException {
    @SuppressWarnings("unused")
    private final Object notSerializable = new Object();
  }
}
