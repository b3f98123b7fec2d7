package io.peanutcache.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.peanutcache.CodecException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The codecs behind ValueCodec's tags, used on their own: no tag, the payload alone. */
class BuiltInCodecsTest {

  @Test
  void eachBuiltInCodecRoundTripsWithoutATag() {
    assertEquals(
        "p\u00e9anut", StringCodec.INSTANCE.decode(StringCodec.INSTANCE.encode("p\u00e9anut")));
    assertArrayEquals(new byte[] {4, 5}, BytesCodec.INSTANCE.decode(new byte[] {4, 5}));
    assertEquals(Long.MIN_VALUE, VarintCodec.LONG.decode(VarintCodec.LONG.encode(Long.MIN_VALUE)));
    assertEquals(-7, VarintCodec.INTEGER.decode(VarintCodec.INTEGER.encode(-7)));
    assertEquals((short) 9, VarintCodec.SHORT.decode(VarintCodec.SHORT.encode((short) 9)));
    assertEquals('\u20AC', VarintCodec.CHARACTER.decode(VarintCodec.CHARACTER.encode('\u20AC')));
    assertEquals((byte) -3, FixedWidthCodec.BYTE.decode(FixedWidthCodec.BYTE.encode((byte) -3)));
    assertEquals(true, FixedWidthCodec.BOOLEAN.decode(FixedWidthCodec.BOOLEAN.encode(true)));
    assertEquals(-0.0f, FixedWidthCodec.FLOAT.decode(FixedWidthCodec.FLOAT.encode(-0.0f)));
    assertEquals(
        Double.NaN, FixedWidthCodec.DOUBLE.decode(FixedWidthCodec.DOUBLE.encode(Double.NaN)));
    SerializationCodec serialization = new SerializationCodec(getClass().getClassLoader(), null);
    assertEquals(List.of(1, 2), serialization.decode(serialization.encode(List.of(1, 2))));
  }

  @Test
  void aPayloadIsWrittenAfterTheCallersHeader() {
    assertArrayEquals(new byte[] {0, 0, 'h', 'i'}, StringCodec.INSTANCE.encode("hi", 2));
    assertArrayEquals(new byte[] {0, 2}, VarintCodec.LONG.encode(1L, 1));
    assertArrayEquals(new byte[] {0, 0, 0, 1}, FixedWidthCodec.BOOLEAN.encode(true, 3));
    assertEquals(300L, VarintCodec.LONG.decode(new byte[] {9, 9, (byte) 0xD8, 0x04}, 2));
  }

  @Test
  void theBytesCodecSharesNoArrayWithItsCaller() {
    byte[] value = {1, 2};

    byte[] encoded = BytesCodec.INSTANCE.encode(value);
    byte[] decoded = BytesCodec.INSTANCE.decode(encoded);

    assertNotSame(value, encoded);
    assertNotSame(encoded, decoded);
    assertArrayEquals(value, decoded);
  }

  @Test
  void theStringCodecRefusesAStringWithAnUnpairedSurrogate() {
    CodecException e =
        assertThrows(CodecException.class, () -> StringCodec.INSTANCE.encode("key\uD800"));

    assertTrue(e.getMessage().contains("unpaired surrogate"), e.getMessage());
  }

  @Test
  void onlyStringsWithUnpairedSurrogatesAreNotWellFormed() {
    assertTrue(StringCodec.isWellFormed(""));
    assertTrue(StringCodec.isWellFormed("plain \u00e9 \uD83E\uDD5C"));
    assertFalse(StringCodec.isWellFormed("\uD83E"));
    assertFalse(StringCodec.isWellFormed("\uDD5C\uD83E"));
    assertFalse(StringCodec.isWellFormed("a\uDD5Cb"));
    assertFalse(StringCodec.isWellFormed("\uD83E\uD83E\uDD5C"));
  }

  @Test
  void encodingNullWithABuiltInCodecThrowsNullPointerExceptionSayingSo() {
    NullPointerException e =
        assertThrows(NullPointerException.class, () -> VarintCodec.LONG.encode(null));

    assertTrue(e.getMessage().contains("null"), e.getMessage());
  }
}
