package io.peanutcache.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.peanutcache.CodecException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ValueCodecCopyTest {

  private final ValueCodec codec = new ValueCodec(getClass().getClassLoader());

  static Stream<Object> immutableValues() {
    return Stream.of(
        new String("peanut".toCharArray()),
        "key\uD800",
        Long.valueOf(123_456_789_012L),
        Integer.valueOf(1_000_000),
        Short.valueOf((short) 1000),
        Byte.valueOf((byte) 5),
        Character.valueOf('\u00e9'),
        Boolean.TRUE,
        Float.valueOf(1.5f),
        Double.valueOf(-0.0));
  }

  @ParameterizedTest
  @MethodSource("immutableValues")
  void copyReturnsAnImmutableBuiltInAsItIs(Object value) {
    assertSame(value, codec.copy(value));
  }

  @ParameterizedTest
  @MethodSource("immutableValues")
  void stringsAndBoxedPrimitivesAreImmutable(Object value) {
    assertTrue(ValueCodec.isImmutable(value));
  }

  @Test
  void byteArraysMutableObjectsAndNullAreNotImmutable() {
    assertFalse(ValueCodec.isImmutable(new byte[0]));
    assertFalse(ValueCodec.isImmutable(new ArrayList<String>()));
    assertFalse(ValueCodec.isImmutable(new StringBuilder("sb")));
    assertFalse(ValueCodec.isImmutable(null));
  }

  @Test
  void copyOfAByteArrayIsAnEqualIndependentArray() {
    byte[] original = {1, 2, 3};

    byte[] copy = (byte[]) codec.copy(original);

    assertArrayEquals(original, copy);
    assertNotSame(original, copy);
    copy[0] = 9;
    assertArrayEquals(new byte[] {1, 2, 3}, original);
  }

  @Test
  void copyOfAMutableSerializableObjectIsEqualButDistinctAndIndependent() {
    ArrayList<ArrayList<String>> original = new ArrayList<>();
    original.add(new ArrayList<>(List.of("a", "b")));

    @SuppressWarnings("unchecked")
    ArrayList<ArrayList<String>> copy = (ArrayList<ArrayList<String>>) codec.copy(original);

    assertEquals(original, copy);
    assertNotSame(original, copy);
    copy.get(0).add("c");
    copy.add(new ArrayList<>());
    assertEquals(List.of(List.of("a", "b")), original);
  }

  @Test
  void copyOfAValueThatCannotBeEncodedIsRefused() {
    assertThrows(CodecException.class, () -> codec.copy(new Object()));
  }

  @Test
  void decodingAByteArrayGivesACopyIndependentOfTheInput() {
    byte[] frame = codec.encode(new byte[] {1, 2, 3});

    byte[] first = (byte[]) codec.decode(frame);
    byte[] second = (byte[]) codec.decode(frame);
    frame[1] = 99;
    first[1] = 42;

    assertArrayEquals(new byte[] {1, 2, 3}, second);
    assertNotSame(first, second);
  }

  @Test
  void encodingAByteArrayDoesNotShareIt() {
    byte[] value = {1, 2, 3};

    byte[] frame = codec.encode(value);
    value[0] = 9;

    assertArrayEquals(new byte[] {0x02, 1, 2, 3}, frame);
  }
}
