package io.peanutcache.codec;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Decoding the commonest values allocates the result and nothing else: no stream, buffer or
 * intermediate copy. Measured after warm-up with the JVM's per-thread allocation counter, averaged
 * over many calls.
 */
class ValueCodecAllocationTest {

  private static final int CALLS = 20_000;

  /** Room for the counter's own noise, far below the size of a second copy of the payload. */
  private static final long SLACK_BYTES = 64;

  private static com.sun.management.ThreadMXBean threads;

  private final ValueCodec codec = new ValueCodec(getClass().getClassLoader());

  @BeforeAll
  static void needsThePerThreadAllocationCounter() {
    assertTrue(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean,
        "these tests need a HotSpot-based JVM (com.sun.management.ThreadMXBean), such as OpenJDK 17");
    threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    assertTrue(threads.isThreadAllocatedMemorySupported(),
        "these tests need the JVM's per-thread allocation counter, which OpenJDK 17 provides");
    threads.setThreadAllocatedMemoryEnabled(true);
  }

  @Test
  void decodingAByteArrayAllocatesOnlyTheReturnedArray() {
    byte[] frame = codec.encode(new byte[1000]);

    long perCall = bytesAllocatedPerCall(() -> codec.decode(frame));

    assertTrue(perCall <= 1016 + SLACK_BYTES, perCall + " bytes per decode of a 1000-byte array");
  }

  @Test
  void decodingAStringAllocatesOnlyTheString() {
    char[] chars = new char[1000];
    Arrays.fill(chars, 'k');
    byte[] frame = codec.encode(new String(chars));

    long perCall = bytesAllocatedPerCall(() -> codec.decode(frame));

    // the String object and its 1000-byte array
    assertTrue(perCall <= 24 + 1016 + SLACK_BYTES, perCall + " bytes per decode of a String");
  }

  @Test
  void encodingAnAsciiStringAllocatesOnlyTheReturnedFrame() {
    char[] chars = new char[1000];
    Arrays.fill(chars, 'k');
    String key = new String(chars);

    long perCall = bytesAllocatedPerCall(() -> codec.encode(key));

    // the tag and 1000 bytes, in one array
    assertTrue(perCall <= 1016 + SLACK_BYTES, perCall + " bytes per encode of a 1000-char ASCII String");
  }

  @Test
  void decodingALongAllocatesAtMostTheBoxedLong() {
    byte[] frame = codec.encode(123_456_789_012L);

    long perCall = bytesAllocatedPerCall(() -> codec.decode(frame));

    assertTrue(perCall <= 16 + SLACK_BYTES, perCall + " bytes per decode of a Long");
  }

  private static long bytesAllocatedPerCall(Supplier<Object> decode) {
    Object sink = null;
    for (int i = 0; i < CALLS; i++) {
      sink = decode.get();
    }
    long threadId = Thread.currentThread().getId();
    long before = threads.getThreadAllocatedBytes(threadId);
    for (int i = 0; i < CALLS; i++) {
      sink = decode.get();
    }
    long after = threads.getThreadAllocatedBytes(threadId);
    assertTrue(sink != null);
    return (after - before) / CALLS;
  }
}
