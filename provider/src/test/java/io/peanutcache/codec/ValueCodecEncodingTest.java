package io.peanutcache.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The bytes themselves: nodes hash and exchange them, so they must not drift. */
class ValueCodecEncodingTest {

  private final ValueCodec codec = new ValueCodec(getClass().getClassLoader());

  record Point(int x, int y) implements Serializable {}

  static Stream<Arguments> pinnedEncodings() {
    return Stream.of(
        Arguments.of("ab", bytes(0x01, 'a', 'b')),
        Arguments.of("\u00e9", bytes(0x01, 0xC3, 0xA9)),
        Arguments.of("key-\u00e9", bytes(0x01, 'k', 'e', 'y', '-', 0xC3, 0xA9)),
        Arguments.of("\uD83D\uDE00", bytes(0x01, 0xF0, 0x9F, 0x98, 0x80)),
        Arguments.of("", bytes(0x01)),
        Arguments.of(new byte[] {7, -8}, bytes(0x02, 7, 0xF8)),
        Arguments.of(0L, bytes(0x03, 0)),
        Arguments.of(-1L, bytes(0x03, 1)),
        Arguments.of(1L, bytes(0x03, 2)),
        Arguments.of(64L, bytes(0x03, 0x80, 0x01)),
        Arguments.of(
            Long.MIN_VALUE,
            bytes(0x03, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01)),
        Arguments.of(-3, bytes(0x04, 5)),
        Arguments.of((short) 150, bytes(0x05, 0xAC, 0x02)),
        Arguments.of((byte) -1, bytes(0x06, 0xFF)),
        Arguments.of('A', bytes(0x07, 65)),
        Arguments.of('\uFFFF', bytes(0x07, 0xFF, 0xFF, 0x03)),
        Arguments.of(false, bytes(0x08, 0)),
        Arguments.of(true, bytes(0x08, 1)),
        Arguments.of(1.0f, bytes(0x09, 0x3F, 0x80, 0, 0)),
        Arguments.of(-0.0f, bytes(0x09, 0x80, 0, 0, 0)),
        Arguments.of(1.0, bytes(0x0A, 0x3F, 0xF0, 0, 0, 0, 0, 0, 0)),
        Arguments.of(Double.NaN, bytes(0x0A, 0x7F, 0xF8, 0, 0, 0, 0, 0, 0)));
  }

  @ParameterizedTest
  @MethodSource("pinnedEncodings")
  void builtInTypesHaveTheirPinnedEncodings(Object value, byte[] expected) {
    assertArrayEquals(expected, codec.encode(value));
  }

  @Test
  void otherTypesAreTaggedAsSerializedAndCarryAJavaSerializationStream() {
    byte[] encoded = codec.encode(new Point(1, 2));

    assertEquals(0x0B, encoded[0]);
    assertEquals((byte) 0xAC, encoded[1]);
    assertEquals((byte) 0xED, encoded[2]);
  }

  @Test
  void equalStringsEncodeToEqualBytes() {
    String literal = "peanut \u00e9\uD83E\uDD5C";
    String built = new String(literal.toCharArray());
    assertNotSame(literal, built);

    assertArrayEquals(codec.encode(literal), codec.encode(built));
  }

  @Test
  void equalLongsEncodeToEqualBytes() {
    Long first = Long.valueOf(123_456_789_012L);
    Long second = Long.valueOf(123_456_789_012L);
    assertNotSame(first, second);

    assertArrayEquals(codec.encode(first), codec.encode(second));
  }

  @Test
  void equalSerializableRecordsEncodeToEqualBytes() {
    assertArrayEquals(codec.encode(new Point(3, -4)), codec.encode(new Point(3, -4)));
  }

  @Test
  void equalListsBuiltDifferentlyEncodeToEqualBytes() {
    ArrayList<String> grown = new ArrayList<>();
    grown.add("a");
    grown.add("b");
    ArrayList<String> copied = new ArrayList<>(List.of("a", "b", "c"));
    copied.remove("c");

    assertArrayEquals(codec.encode(grown), codec.encode(copied));
  }

  @Test
  void allNansEncodeToEqualBytesBecauseTheyAreEqual() {
    Double otherDoubleNan = Double.longBitsToDouble(0x7FF0_0000_0000_0001L);
    Float otherFloatNan = Float.intBitsToFloat(0xFFC0_0001);
    assertEquals(Double.valueOf(Double.NaN), otherDoubleNan);
    assertEquals(Float.valueOf(Float.NaN), otherFloatNan);

    assertArrayEquals(codec.encode(Double.NaN), codec.encode(otherDoubleNan));
    assertArrayEquals(codec.encode(Float.NaN), codec.encode(otherFloatNan));
  }

  @Test
  void unequalValuesEncodeToUnequalBytes() {
    List<Object[]> pairs =
        List.of(
            new Object[] {0.0, -0.0},
            new Object[] {0.0f, -0.0f},
            new Object[] {1L, 1},
            new Object[] {1, (short) 1},
            new Object[] {"1", 1L},
            new Object[] {(byte) 1, true},
            new Object[] {'a', "a"},
            new Object[] {"a", new byte[] {'a'}});

    for (Object[] pair : pairs) {
      assertFalse(
          Arrays.equals(codec.encode(pair[0]), codec.encode(pair[1])),
          pair[0].getClass().getSimpleName()
              + " "
              + pair[0]
              + " vs "
              + pair[1].getClass().getSimpleName());
    }
  }

  @Test
  void aStringWithAnUnpairedSurrogateDoesNotShareTheBytesOfItsUtf8Replacement() {
    assertFalse(Arrays.equals(codec.encode("key\uD800"), codec.encode("key?")));
    assertEquals(0x0B, codec.encode("key\uD800")[0], "serialized, since it has no UTF-8 form");
    assertEquals("key\uD800", codec.decode(codec.encode("key\uD800")));
  }

  @Test
  void smallLongsTakeAtMostThreeBytesWithTheTag() {
    for (long n = -8192; n <= 8191; n++) {
      int expectedMax = n >= -64 && n <= 63 ? 2 : 3;
      assertTrue(codec.encode(n).length <= expectedMax, n + " took " + codec.encode(n).length);
    }
  }

  @Test
  void smallIntegersShortsAndCharactersTakeTwoBytesWithTheTag() {
    for (int n = -64; n <= 63; n++) {
      assertEquals(2, codec.encode(n).length);
      assertEquals(2, codec.encode((short) n).length);
    }
    for (char c = 0; c < 128; c++) {
      assertEquals(2, codec.encode(c).length);
    }
  }

  @Test
  void noNumberTakesMoreThanItsWidestVarintOrFixedWidth() {
    assertEquals(11, codec.encode(Long.MIN_VALUE).length);
    assertEquals(11, codec.encode(Long.MAX_VALUE).length);
    assertEquals(6, codec.encode(Integer.MIN_VALUE).length);
    assertEquals(4, codec.encode(Short.MIN_VALUE).length);
    assertEquals(2, codec.encode(Byte.MIN_VALUE).length);
    assertEquals(5, codec.encode(Float.MAX_VALUE).length);
    assertEquals(9, codec.encode(Double.MAX_VALUE).length);
  }

  @Test
  void asciiStringsAndByteArraysTakeOneByteMoreThanTheirContent() {
    assertEquals(7, codec.encode("peanut").length);
    assertEquals(11, codec.encode(new byte[10]).length);
  }

  private static byte[] bytes(int... values) {
    byte[] bytes = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      bytes[i] = (byte) values[i];
    }
    return bytes;
  }
}
