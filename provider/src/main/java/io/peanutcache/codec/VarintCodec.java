package io.peanutcache.codec;

import io.peanutcache.CodecException;
import java.util.function.LongFunction;
import java.util.function.ToLongFunction;

/**
 * Long, Integer, Short and Character as base-128 varints: seven bits a byte, least significant
 * group first, the high bit set on every byte but the last.
 *
 * <p>The signed types are zig-zag mapped first (0, -1, 1, -2, 2 become 0, 1, 2, 3, 4), so small
 * numbers of either sign are short: -64 to 63 take one byte, -8192 to 8191 two, and no Long more
 * than ten. Character is unsigned and is written as it is: ASCII takes one byte.
 *
 * <p>Each value has exactly one encoding, the shortest; decoding refuses any other (a redundant
 * zero byte at the end, bytes after the last, a number out of the type's range), so corrupt bytes
 * are not taken for a different key.
 *
 * @param <T> the boxed type
 */
final class VarintCodec<T> implements PayloadCodec<T> {

  /** Long, zig-zag mapped: 1 to 10 bytes. */
  static final VarintCodec<Long> LONG =
      new VarintCodec<>(
          "Long", true, Long.MIN_VALUE, Long.MAX_VALUE, Long::longValue, Long::valueOf);

  /** Integer, zig-zag mapped: 1 to 5 bytes. */
  static final VarintCodec<Integer> INTEGER =
      new VarintCodec<>(
          "Integer",
          true,
          Integer.MIN_VALUE,
          Integer.MAX_VALUE,
          Integer::longValue,
          number -> Integer.valueOf((int) number));

  /** Short, zig-zag mapped: 1 to 3 bytes. */
  static final VarintCodec<Short> SHORT =
      new VarintCodec<>(
          "Short",
          true,
          Short.MIN_VALUE,
          Short.MAX_VALUE,
          Short::longValue,
          number -> Short.valueOf((short) number));

  /** Character, unsigned: 1 to 3 bytes. */
  static final VarintCodec<Character> CHARACTER =
      new VarintCodec<>(
          "Character",
          false,
          Character.MIN_VALUE,
          Character.MAX_VALUE,
          Character::charValue,
          number -> Character.valueOf((char) number));

  /** The most bytes a varint of 64 bits takes. */
  private static final int MAX_LENGTH = 10;

  private final String typeName;
  private final boolean zigZag;
  private final long min;
  private final long max;
  private final ToLongFunction<T> toLong;
  private final LongFunction<T> fromLong;

  private VarintCodec(
      String typeName,
      boolean zigZag,
      long min,
      long max,
      ToLongFunction<T> toLong,
      LongFunction<T> fromLong) {
    this.typeName = typeName;
    this.zigZag = zigZag;
    this.min = min;
    this.max = max;
    this.toLong = toLong;
    this.fromLong = fromLong;
  }

  @Override
  public byte[] encode(T value, int offset) {
    long number = toLong.applyAsLong(value);
    long bits = zigZag ? (number << 1) ^ (number >> 63) : number;
    byte[] frame = new byte[offset + length(bits)];
    int i = offset;
    while ((bits & ~0x7FL) != 0) {
      frame[i++] = (byte) (bits | 0x80);
      bits >>>= 7;
    }
    frame[i] = (byte) bits;
    return frame;
  }

  /** The number of bytes the varint of {@code bits} takes, from 1 to {@value #MAX_LENGTH}. */
  private static int length(long bits) {
    return (63 - Long.numberOfLeadingZeros(bits | 1)) / 7 + 1;
  }

  @Override
  public T decode(byte[] bytes, int offset) {
    long bits = 0;
    int i = offset;
    for (int shift = 0; ; shift += 7) {
      if (i == bytes.length) {
        throw corrupt(
            i == offset
                ? "there are no bytes"
                : "the varint is truncated: its last byte is missing");
      }
      byte b = bytes[i++];
      if (i - offset == MAX_LENGTH && (b & 0xFF) > 1) {
        throw corrupt("the varint is longer than 64 bits");
      }
      bits |= (long) (b & 0x7F) << shift;
      if (b >= 0) {
        if (b == 0 && i - offset > 1) {
          throw corrupt("the varint ends in a redundant zero byte");
        }
        break;
      }
    }
    if (i != bytes.length) {
      int extra = bytes.length - i;
      throw corrupt(
          (extra == 1 ? "a byte follows" : extra + " bytes follow") + " the varint's last byte");
    }
    long number = zigZag ? (bits >>> 1) ^ -(bits & 1) : bits;
    if (number < min || number > max) {
      throw corrupt(
          (zigZag ? Long.toString(number) : Long.toUnsignedString(number))
              + " is out of range, "
              + min
              + " to "
              + max);
    }
    return fromLong.apply(number);
  }

  private CodecException corrupt(String what) {
    return new CodecException("cannot decode a " + typeName + ": " + what);
  }
}
