package io.peanutcache.codec;

import java.util.Arrays;

/** Byte arrays as themselves. Both directions copy, so no caller shares an array with another. */
final class BytesCodec implements PayloadCodec<byte[]> {

  /** The only instance: the codec has no state. */
  static final BytesCodec INSTANCE = new BytesCodec();

  private BytesCodec() {}

  @Override
  public byte[] encode(byte[] value, int offset) {
    byte[] frame = new byte[offset + value.length];
    System.arraycopy(value, 0, frame, offset, value.length);
    return frame;
  }

  @Override
  public byte[] decode(byte[] bytes, int offset) {
    return Arrays.copyOfRange(bytes, offset, bytes.length);
  }
}
