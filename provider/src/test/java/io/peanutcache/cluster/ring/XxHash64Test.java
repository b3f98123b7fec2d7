package io.peanutcache.cluster.ring;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * XxHash64 gives the published XXH64 results: the reference implementation's self-test vectors
 * (xxHash's {@code cli/xsum_sanity_check.c}) and well-known string vectors, which between them
 * take every path through the algorithm (empty input, the 1-, 4- and 8-byte tails, and 32-byte
 * stripes).
 */
class XxHash64Test {

  private static final long PRIME32 = 2654435761L;

  /** The reference self-test's input: bytes from a generator whose values must never change. */
  private static final byte[] SANITY_BUFFER = sanityBuffer(222);

  @Test
  void matchesTheReferenceSelfTestVectors() {
    assertAll(
        () -> assertHash(0xEF46DB3751D8E999L, 0, 0),
        () -> assertHash(0xAC75FDA2929B17EFL, 0, PRIME32),
        () -> assertHash(0xE934A84ADB052768L, 1, 0),
        () -> assertHash(0x5014607643A9B4C3L, 1, PRIME32),
        () -> assertHash(0x9136A0DCA57457EEL, 4, 0),
        () -> assertHash(0x8282DCC4994E35C8L, 14, 0),
        () -> assertHash(0xC3BD6BF63DEB6DF0L, 14, PRIME32),
        () -> assertHash(0xB641AE8CB691C174L, 222, 0),
        () -> assertHash(0x20CB8AB7AE10C14AL, 222, PRIME32));
  }

  @Test
  void matchesPublishedVectorsForStrings() {
    assertAll(
        () -> assertEquals(0xEF46DB3751D8E999L, hashOf("")),
        () -> assertEquals(0xD24EC4F1A98C6E5BL, hashOf("a")),
        () -> assertEquals(0x1C330FB2D66BE179L, hashOf("as")),
        () -> assertEquals(0x631C37CE72A97393L, hashOf("asd")),
        () -> assertEquals(0x415872F599CEA71EL, hashOf("asdf")),
        () -> assertEquals(0x44BC2CF5AD770999L, hashOf("abc")),
        () -> assertEquals(0xB9D3D990D2001A1AL, hashOf("hei\u00e5")),
        () -> assertEquals(0x02A2E85470D6FD96L,
            hashOf("Call me Ishmael. Some years ago--never mind how long precisely-")));
  }

  @Test
  void hashesOnlyTheGivenRangeOfAnArray() {
    byte[] framed = new byte[3 + 100 + 5];
    Arrays.fill(framed, (byte) 0x5A);
    System.arraycopy(SANITY_BUFFER, 0, framed, 3, 100);

    assertEquals(
        XxHash64.hash(Arrays.copyOf(SANITY_BUFFER, 100), 0, 100, 7L),
        XxHash64.hash(framed, 3, 100, 7L));
  }

  @Test
  void theWholeArrayFormIsSeedZero() {
    byte[] bytes = Arrays.copyOf(SANITY_BUFFER, 40);

    assertEquals(XxHash64.hash(bytes, 0, bytes.length, 0L), XxHash64.hash(bytes));
  }

  @Test
  void refusesARangeOutsideTheArray() {
    byte[] bytes = new byte[10];

    assertAll(
        () -> assertThrows(IndexOutOfBoundsException.class, () -> XxHash64.hash(bytes, 8, 3, 0L)),
        () -> assertThrows(IndexOutOfBoundsException.class, () -> XxHash64.hash(bytes, -1, 2, 0L)),
        () -> assertThrows(IndexOutOfBoundsException.class, () -> XxHash64.hash(bytes, 0, -1, 0L)),
        () -> assertThrows(NullPointerException.class, () -> XxHash64.hash(null)));
  }

  @Test
  void hashesATagAndAsciiCharsAsTheBytesTheyMake() {
    // every length from empty to past three stripes, so every path of the algorithm is taken
    StringBuilder chars = new StringBuilder();
    for (int length = 0; length <= 100; length++) {
      String text = chars.toString();
      byte[] bytes = new byte[length + 1];
      bytes[0] = 0x01;
      System.arraycopy(text.getBytes(StandardCharsets.US_ASCII), 0, bytes, 1, length);
      for (byte tag : new byte[] {0x01, (byte) 0xFF}) {
        bytes[0] = tag;
        assertEquals(XxHash64.hash(bytes), XxHash64.hashTaggedAscii(tag, text),
            "tag " + tag + " and " + length + " chars");
      }
      chars.append((char) (0x20 + (length * 37) % 0x5F));
    }
  }

  @Test
  void hashesTheLowByteOfACharThatIsNotAscii() {
    assertEquals(XxHash64.hash(new byte[] {0x01, 'a', (byte) 0xE9, 0x34}),
        XxHash64.hashTaggedAscii((byte) 0x01, "a\u00E9\u1234"));
  }

  private static void assertHash(long expected, int length, long seed) {
    assertEquals(expected, XxHash64.hash(SANITY_BUFFER, 0, length, seed),
        () -> "XXH64 of the first " + length + " sanity bytes with seed " + seed);
  }

  private static long hashOf(String text) {
    return XxHash64.hash(text.getBytes(StandardCharsets.UTF_8));
  }

  /** The reference's generator: byte i is the top byte of PRIME32 * 11400714785074694797^i. */
  private static byte[] sanityBuffer(int length) {
    byte[] buffer = new byte[length];
    long generator = PRIME32;
    for (int i = 0; i < length; i++) {
      buffer[i] = (byte) (generator >>> 56);
      generator *= 0x9E3779B185EBCA8DL;
    }
    return buffer;
  }
}
