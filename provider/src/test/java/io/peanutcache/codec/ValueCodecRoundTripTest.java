package io.peanutcache.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.io.Serializable;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ValueCodecRoundTripTest {

  private final ValueCodec codec = new ValueCodec(getClass().getClassLoader());

  record Order(String id, long cents, List<String> items) implements Serializable {}

  static Stream<Object> builtInValues() {
    return Stream.of(
        "",
        "peanut",
        "a\u0000b",
        "h\u00e9llo w\u00f6rld",
        "\u65e5\u672c\u8a9e",
        "\uD83E\uDD5C peanut \uD83E\uDD5C",
        "\uD800\uDC00\uDBFF\uDFFF",
        0L,
        1L,
        -1L,
        63L,
        -64L,
        64L,
        -65L,
        8191L,
        -8192L,
        Long.MIN_VALUE,
        Long.MAX_VALUE,
        0,
        1,
        -1,
        -300,
        300,
        Integer.MIN_VALUE,
        Integer.MAX_VALUE,
        (short) 0,
        (short) -1,
        Short.MIN_VALUE,
        Short.MAX_VALUE,
        (byte) 0,
        (byte) -1,
        Byte.MIN_VALUE,
        Byte.MAX_VALUE,
        'a',
        '\u00e9',
        '\uD800',
        Character.MIN_VALUE,
        Character.MAX_VALUE,
        true,
        false,
        0.0f,
        -0.0f,
        1.5f,
        Float.NaN,
        Float.MIN_VALUE,
        Float.MAX_VALUE,
        Float.NEGATIVE_INFINITY,
        0.0,
        -0.0,
        -2.25,
        Double.NaN,
        Double.MIN_VALUE,
        -Double.MAX_VALUE,
        Double.POSITIVE_INFINITY);
  }

  @ParameterizedTest
  @MethodSource("builtInValues")
  void aBuiltInValueDecodesToAnEqualValueOfTheSameClass(Object value) {
    Object decoded = codec.decode(codec.encode(value));

    assertEquals(value.getClass(), decoded.getClass());
    assertEquals(value, decoded);
  }

  @Test
  void longsOfEveryVarintLengthRoundTrip() {
    for (int shift = 0; shift < 64; shift++) {
      for (long n :
          new long[] {1L << shift, (1L << shift) - 1, -(1L << shift), -(1L << shift) + 1}) {
        assertEquals(n, codec.decode(codec.encode(n)), "for " + n);
      }
    }
  }

  @Test
  void randomNumbersRoundTrip() {
    Random random = new Random(42);
    for (int i = 0; i < 10_000; i++) {
      long l = random.nextLong() >> random.nextInt(64);
      int n = random.nextInt() >> random.nextInt(32);
      short s = (short) random.nextInt();
      char c = (char) random.nextInt();
      double d = Double.longBitsToDouble(random.nextLong());
      float f = Float.intBitsToFloat(random.nextInt());

      assertEquals(l, codec.decode(codec.encode(l)));
      assertEquals(n, codec.decode(codec.encode(n)));
      assertEquals(s, codec.decode(codec.encode(s)));
      assertEquals(c, codec.decode(codec.encode(c)));
      assertEquals(d, codec.decode(codec.encode(d)));
      assertEquals(f, codec.decode(codec.encode(f)));
    }
  }

  @Test
  void byteArraysRoundTripIncludingEmpty() {
    byte[] everyByte = new byte[256];
    for (int i = 0; i < everyByte.length; i++) {
      everyByte[i] = (byte) i;
    }
    for (byte[] bytes : new byte[][] {{}, {0}, {-1}, everyByte}) {
      assertArrayEquals(bytes, (byte[]) codec.decode(codec.encode(bytes)));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"\uD800", "a\uDC00b", "end\uDBFF", "\uDC00\uD800", "\uD83E?"})
  void aStringWithAnUnpairedSurrogateKeepsEveryChar(String value) {
    assertEquals(value, codec.decode(codec.encode(value)));
  }

  @Test
  void serializableValuesRoundTrip() {
    Map<String, Integer> map = new HashMap<>(Map.of("a", 1, "b", 2));
    List<Object> values =
        List.of(
            new Order("o-1", 1250, List.of("nuts", "salt")),
            new ArrayList<>(List.of("x", "y")),
            map,
            new BigDecimal("3.14159"),
            Duration.ofSeconds(90));

    for (Object value : values) {
      assertEquals(value, codec.decode(codec.encode(value)));
    }
  }

  @Test
  void arraysOtherThanBytesRoundTripThroughSerialization() {
    int[] ints = {1, -2, 3};
    String[] strings = {"a", "b"};

    assertArrayEquals(ints, assertInstanceOf(int[].class, codec.decode(codec.encode(ints))));
    assertArrayEquals(
        strings, assertInstanceOf(String[].class, codec.decode(codec.encode(strings))));
  }
}
