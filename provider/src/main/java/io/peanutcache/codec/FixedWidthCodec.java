package io.peanutcache.codec;

import io.peanutcache.CodecException;
import java.util.function.LongFunction;
import java.util.function.ToLongFunction;

/**
 * Byte, Boolean, Float and Double in a fixed number of big-endian bytes: one for Byte and Boolean
 * (0 or 1), four for Float, eight for Double.
 *
 * <p>Float and Double are written as {@link Float#floatToIntBits} and {@link
 * Double#doubleToLongBits}, which give every NaN the same bits. That matches {@code equals}: all
 * NaNs are equal and so encode equally, while -0.0 and 0.0 are not equal and keep distinct
 * encodings.
 *
 * @param <T> the boxed type
 */
final class FixedWidthCodec<T> implements PayloadCodec<T> {

  /** Byte: 1 byte. */
  static final FixedWidthCodec<Byte> BYTE =
      new FixedWidthCodec<>("Byte", 1, Byte::longValue, bits -> Byte.valueOf((byte) bits));

  /** Boolean: 1 byte, 0 for false and 1 for true. */
  static final FixedWidthCodec<Boolean> BOOLEAN =
      new FixedWidthCodec<>("Boolean", 1, flag -> flag ? 1 : 0, FixedWidthCodec::toBoolean);

  /** Float: 4 bytes of {@link Float#floatToIntBits}. */
  static final FixedWidthCodec<Float> FLOAT =
      new FixedWidthCodec<>(
          "Float",
          4,
          number -> Float.floatToIntBits(number),
          bits -> Float.valueOf(Float.intBitsToFloat((int) bits)));

  /** Double: 8 bytes of {@link Double#doubleToLongBits}. */
  static final FixedWidthCodec<Double> DOUBLE =
      new FixedWidthCodec<>(
          "Double",
          8,
          Double::doubleToLongBits,
          bits -> Double.valueOf(Double.longBitsToDouble(bits)));

  private final String typeName;
  private final int width;
  private final ToLongFunction<T> toBits;
  private final LongFunction<T> fromBits;

  private FixedWidthCodec(
      String typeName, int width, ToLongFunction<T> toBits, LongFunction<T> fromBits) {
    this.typeName = typeName;
    this.width = width;
    this.toBits = toBits;
    this.fromBits = fromBits;
  }

  @Override
  public byte[] encode(T value, int offset) {
    long bits = toBits.applyAsLong(value);
    byte[] frame = new byte[offset + width];
    for (int i = offset + width - 1; i >= offset; i--) {
      frame[i] = (byte) bits;
      bits >>>= 8;
    }
    return frame;
  }

  @Override
  public T decode(byte[] bytes, int offset) {
    if (bytes.length - offset != width) {
      throw new CodecException(
          "cannot decode a "
              + typeName
              + ": expected "
              + width
              + " bytes, found "
              + (bytes.length - offset));
    }
    long bits = 0;
    for (int i = offset; i < bytes.length; i++) {
      bits = (bits << 8) | (bytes[i] & 0xFF);
    }
    return fromBits.apply(bits);
  }

  private static Boolean toBoolean(long bits) {
    if (bits == 0) {
      return Boolean.FALSE;
    }
    if (bits == 1) {
      return Boolean.TRUE;
    }
    throw new CodecException("cannot decode a Boolean: its byte is " + bits + "; expected 0 or 1");
  }
}
