package io.peanutcache.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.peanutcache.CodecException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Corrupt bytes, as a faulty peer or a bug could send them, fail with a CodecException. */
class ValueCodecDecodeErrorsTest {

  private final ValueCodec codec = new ValueCodec(getClass().getClassLoader());

  record Point(int x, int y) implements Serializable {}

  @Test
  void anEmptyArrayIsRefused() {
    CodecException e = assertThrows(CodecException.class, () -> codec.decode(new byte[0]));

    assertTrue(e.getMessage().contains("empty"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(ints = {0x00, 0x0C, 0x7F, 0x80, 0xFF})
  void anUnknownTagIsRefusedNamingIt(int tag) {
    CodecException e =
        assertThrows(CodecException.class, () -> codec.decode(new byte[] {(byte) tag, 1, 2}));

    assertTrue(e.getMessage().contains(String.format("unknown tag 0x%02X", tag)), e.getMessage());
  }

  static Stream<Arguments> corruptPayloads() {
    return Stream.of(
        Arguments.of("a Long with no payload", bytes(0x03), "no bytes"),
        Arguments.of("a truncated Long varint", bytes(0x03, 0x80), "truncated"),
        Arguments.of("a truncated Integer varint", bytes(0x04, 0xFF, 0xFF), "truncated"),
        Arguments.of(
            "a Long varint over 64 bits",
            bytes(0x03, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x02),
            "longer than 64 bits"),
        Arguments.of(
            "a Long varint of eleven bytes",
            bytes(0x03, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x81, 0x00),
            "longer than 64 bits"),
        Arguments.of("a varint with a redundant zero byte", bytes(0x03, 0x80, 0x00), "redundant"),
        Arguments.of(
            "bytes after a varint",
            bytes(0x03, 0x02, 0x00),
            "a byte follows the varint's last byte"),
        Arguments.of(
            "an Integer out of range", bytes(0x04, 0x80, 0x80, 0x80, 0x80, 0x10), "out of range"),
        Arguments.of("a Short out of range", bytes(0x05, 0xE0, 0xA2, 0x08), "out of range"),
        Arguments.of("a Character out of range", bytes(0x07, 0x80, 0x80, 0x04), "out of range"),
        Arguments.of("a Byte with no payload", bytes(0x06), "expected 1 bytes, found 0"),
        Arguments.of("a Byte with two bytes", bytes(0x06, 1, 2), "expected 1 bytes, found 2"),
        Arguments.of("a Boolean of 2", bytes(0x08, 2), "expected 0 or 1"),
        Arguments.of("a truncated Float", bytes(0x09, 0x3F, 0x80), "expected 4 bytes, found 2"),
        Arguments.of("a truncated Double", bytes(0x0A, 1, 2, 3), "expected 8 bytes, found 3"),
        Arguments.of(
            "a Double too long", bytes(0x0A, 1, 2, 3, 4, 5, 6, 7, 8, 9), "expected 8 bytes"),
        Arguments.of("an empty serialized value", bytes(0x0B), "serialized"),
        Arguments.of(
            "a serialized value without its stream header", bytes(0x0B, 1, 2, 3), "serialized"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corruptPayloads")
  void aCorruptPayloadIsRefusedSayingWhatIsWrong(String what, byte[] frame, String expected) {
    CodecException e = assertThrows(CodecException.class, () -> codec.decode(frame));

    assertTrue(e.getMessage().contains(expected), what + ": " + e.getMessage());
  }

  @Test
  void aTruncatedSerializedValueIsRefused() {
    byte[] frame = codec.encode(new Point(1, 2));

    for (int length = 1; length < frame.length; length++) {
      byte[] truncated = Arrays.copyOf(frame, length);
      assertThrows(CodecException.class, () -> codec.decode(truncated), "at length " + length);
    }
  }

  @Test
  void aSerializedNullIsRefused() throws IOException {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    buffer.write(0x0B);
    try (ObjectOutputStream out = new ObjectOutputStream(buffer)) {
      out.writeObject(null);
    }

    CodecException e = assertThrows(CodecException.class, () -> codec.decode(buffer.toByteArray()));
    assertTrue(e.getMessage().contains("null"), e.getMessage());
  }

  @Test
  void everyTruncationOfAValidEncodingFailsOnlyWithCodecException() {
    List<Object> values =
        List.of(
            Long.MIN_VALUE,
            300L,
            Integer.MAX_VALUE,
            (short) -200,
            'x',
            '\uFFFF',
            1.5f,
            -2.5,
            true,
            (byte) 3,
            new Point(5, 6),
            List.of("a", "b"));

    for (Object value : values) {
      byte[] frame = codec.encode(value);
      for (int length = 0; length < frame.length; length++) {
        byte[] truncated = Arrays.copyOf(frame, length);
        assertOnlyCodecException(truncated);
      }
    }
  }

  @Test
  void randomBytesDecodeOrFailOnlyWithCodecException() {
    Random random = new Random(7);
    for (int i = 0; i < 20_000; i++) {
      byte[] frame = new byte[random.nextInt(16)];
      random.nextBytes(frame);
      if (frame.length > 0 && random.nextBoolean()) {
        frame[0] = (byte) (1 + random.nextInt(11));
      }
      assertOnlyCodecException(frame);
    }
  }

  @Test
  void decodingNullThrowsNullPointerException() {
    assertThrows(NullPointerException.class, () -> codec.decode(null));
  }

  @Test
  void aValidFrameStillDecodesAfterTheseChecks() {
    assertEquals(Long.MIN_VALUE, codec.decode(codec.encode(Long.MIN_VALUE)));
  }

  private void assertOnlyCodecException(byte[] frame) {
    try {
      codec.decode(frame);
    } catch (CodecException expected) {
      // corrupt bytes are allowed to fail, this way only
    } catch (RuntimeException e) {
      fail("decoding " + Arrays.toString(frame) + " threw " + e, e);
    }
  }

  private static byte[] bytes(int... values) {
    byte[] bytes = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      bytes[i] = (byte) values[i];
    }
    return bytes;
  }
}
