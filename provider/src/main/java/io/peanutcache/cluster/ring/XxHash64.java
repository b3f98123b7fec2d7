package io.peanutcache.cluster.ring;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * XXH64, the 64-bit xxHash of a byte range, as published in the xxHash specification (Yann
 * Collet, {@code doc/xxhash_spec.md}, version 0.1.1) and by its reference implementation.
 *
 * <p>Nodes place keys with this hash, so its results are part of what nodes agree on: for the
 * same bytes and seed it returns the same value on every JVM, platform and PeanutCache version,
 * and it must never change. Input words are read little-endian, as the specification requires,
 * whatever the platform's byte order.
 *
 * <p>Hashing allocates nothing. The class is stateless and thread-safe.
 */
public final class XxHash64 {

  private static final long PRIME64_1 = 0x9E3779B185EBCA87L;
  private static final long PRIME64_2 = 0xC2B2AE3D27D4EB4FL;
  private static final long PRIME64_3 = 0x165667B19E3779F9L;
  private static final long PRIME64_4 = 0x85EBCA77C2B2AE63L;
  private static final long PRIME64_5 = 0x27D4EB2F165667C5L;

  /** The length of a stripe: four lanes of eight bytes, one per accumulator. */
  private static final int STRIPE = 32;

  private static final VarHandle LONG_LE =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle INT_LE =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

  private XxHash64() {}

  /**
   * The XXH64 hash of all of {@code bytes}, with seed 0.
   *
   * @param bytes the bytes to hash
   * @return the hash; XXH64 of no bytes with seed 0 is {@code 0xEF46DB3751D8E999L}
   * @throws NullPointerException if {@code bytes} is null
   */
  public static long hash(byte[] bytes) {
    return hash(bytes, 0, bytes.length, 0L);
  }

  /**
   * The XXH64 hash of {@code length} bytes of {@code bytes} from {@code offset}, with {@code seed}.
   *
   * @param bytes the array holding the bytes to hash
   * @param offset the index of the first byte to hash
   * @param length how many bytes to hash, 0 or more
   * @param seed the seed; different seeds give unrelated hashes of the same bytes
   * @return the hash
   * @throws NullPointerException if {@code bytes} is null
   * @throws IndexOutOfBoundsException if the range is not inside {@code bytes}
   */
  public static long hash(byte[] bytes, int offset, int length, long seed) {
    Objects.checkFromIndexSize(offset, length, bytes.length);
    return hash(bytes, null, (byte) 0, offset, length, seed);
  }

  /**
   * The XXH64 hash, with seed 0, of the byte {@code tag} followed by the low byte of each char of
   * {@code chars}: what {@link #hash(byte[])} returns for that array, without making it. For an
   * ASCII String, whose chars are its bytes, that is the hash of the String's bytes after a tag.
   *
   * @param tag the first byte
   * @param chars the chars whose low bytes follow
   * @return the hash
   * @throws NullPointerException if {@code chars} is null
   */
  public static long hashTaggedAscii(byte tag, String chars) {
    return hash(null, chars, tag, 0, chars.length() + 1, 0L);
  }

  /**
   * The algorithm, over {@code length} input bytes from {@code offset}: those of {@code bytes},
   * or, when {@code chars} is not null, {@code tag} and then the low byte of each char.
   */
  private static long hash(byte[] bytes, String chars, byte tag, int offset, int length, long seed) {
    int end = offset + length;
    int at = offset;
    long acc;
    if (length >= STRIPE) {
      long v1 = seed + PRIME64_1 + PRIME64_2;
      long v2 = seed + PRIME64_2;
      long v3 = seed;
      long v4 = seed - PRIME64_1;
      int lastStripe = end - STRIPE;
      do {
        v1 = round(v1, longAt(bytes, chars, tag, at));
        v2 = round(v2, longAt(bytes, chars, tag, at + 8));
        v3 = round(v3, longAt(bytes, chars, tag, at + 16));
        v4 = round(v4, longAt(bytes, chars, tag, at + 24));
        at += STRIPE;
      } while (at <= lastStripe);
      acc = Long.rotateLeft(v1, 1) + Long.rotateLeft(v2, 7)
          + Long.rotateLeft(v3, 12) + Long.rotateLeft(v4, 18);
      acc = mergeAccumulator(acc, v1);
      acc = mergeAccumulator(acc, v2);
      acc = mergeAccumulator(acc, v3);
      acc = mergeAccumulator(acc, v4);
    } else {
      acc = seed + PRIME64_5;
    }
    acc += length;
    while (end - at >= 8) {
      acc ^= round(0, longAt(bytes, chars, tag, at));
      acc = Long.rotateLeft(acc, 27) * PRIME64_1 + PRIME64_4;
      at += 8;
    }
    if (end - at >= 4) {
      acc ^= intAt(bytes, chars, tag, at) * PRIME64_1;
      acc = Long.rotateLeft(acc, 23) * PRIME64_2 + PRIME64_3;
      at += 4;
    }
    while (at < end) {
      acc ^= byteAt(bytes, chars, tag, at) * PRIME64_5;
      acc = Long.rotateLeft(acc, 11) * PRIME64_1;
      at++;
    }
    return avalanche(acc);
  }

  /** Eight input bytes from {@code at}, little-endian. */
  private static long longAt(byte[] bytes, String chars, byte tag, int at) {
    if (chars == null) {
      return (long) LONG_LE.get(bytes, at);
    }
    long word = 0;
    for (int i = 7; i >= 0; i--) {
      word = word << 8 | byteAt(null, chars, tag, at + i);
    }
    return word;
  }

  /** Four input bytes from {@code at}, little-endian, unsigned. */
  private static long intAt(byte[] bytes, String chars, byte tag, int at) {
    if (chars == null) {
      return Integer.toUnsignedLong((int) INT_LE.get(bytes, at));
    }
    return byteAt(null, chars, tag, at) | byteAt(null, chars, tag, at + 1) << 8
        | byteAt(null, chars, tag, at + 2) << 16 | byteAt(null, chars, tag, at + 3) << 24;
  }

  /** Input byte {@code at}, unsigned. */
  private static long byteAt(byte[] bytes, String chars, byte tag, int at) {
    if (chars == null) {
      return bytes[at] & 0xFFL;
    }
    return at == 0 ? tag & 0xFFL : chars.charAt(at - 1) & 0xFFL;
  }

  private static long round(long acc, long lane) {
    return Long.rotateLeft(acc + lane * PRIME64_2, 31) * PRIME64_1;
  }

  private static long mergeAccumulator(long acc, long accN) {
    return (acc ^ round(0, accN)) * PRIME64_1 + PRIME64_4;
  }

  private static long avalanche(long acc) {
    acc ^= acc >>> 33;
    acc *= PRIME64_2;
    acc ^= acc >>> 29;
    acc *= PRIME64_3;
    acc ^= acc >>> 32;
    return acc;
  }
}
