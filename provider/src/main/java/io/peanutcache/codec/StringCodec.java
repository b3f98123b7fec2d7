package io.peanutcache.codec;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.peanutcache.CodecException;

/**
 * Strings as their UTF-8 bytes.
 *
 * <p>A String with an unpaired surrogate has no UTF-8 form: the JDK's encoder would write {@code ?}
 * in its place, giving it the bytes of a different String. {@link #encode} refuses such a String,
 * and {@link ValueCodec} sends it through Java serialization instead, which keeps every char.
 *
 * <p>Decoding does not check the bytes: malformed UTF-8 decodes with U+FFFD in its place. A check
 * would cost a second pass on the hottest decoding path, and no encoder here writes malformed
 * UTF-8.
 */
final class StringCodec implements PayloadCodec<String> {

  /** The only instance: the codec has no state. */
  static final StringCodec INSTANCE = new StringCodec();

  private StringCodec() {}

  /**
   * Whether every char of a String is ASCII (below 0x80): its UTF-8 bytes are then its chars.
   *
   * @param value the String to check
   * @return true if {@code value} has no char of 0x80 or above
   */
  static boolean isAscii(String value) {
    for (int i = 0, n = value.length(); i < n; i++) {
      if (value.charAt(i) >= 0x80) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether a String has a UTF-8 form, that is, whether each of its surrogates is part of a pair.
   *
   * @param value the String to check
   * @return true if {@code value} has no unpaired surrogate
   */
  static boolean isWellFormed(String value) {
    for (int i = 0, n = value.length(); i < n; i++) {
      char c = value.charAt(i);
      if (Character.isSurrogate(c)) {
        if (Character.isHighSurrogate(c)
            && i + 1 < n
            && Character.isLowSurrogate(value.charAt(i + 1))) {
          i++;
        } else {
          return false;
        }
      }
    }
    return true;
  }

  /**
   * {@inheritDoc}
   *
   * @throws CodecException if {@code value} has an unpaired surrogate
   */
  @Override
  public byte[] encode(String value, int offset) {
    byte[] frame = encodeIfWellFormed(value, offset);
    if (frame == null) {
      throw new CodecException(
          "cannot encode a String with an unpaired surrogate as UTF-8; allowed: a String whose"
              + " surrogates all come in pairs");
    }
    return frame;
  }

  /**
   * Encodes a String if it has a UTF-8 form. An ASCII String, as most keys are, is written in one
   * pass into the one array returned; any other is checked, then encoded by the JDK's encoder.
   *
   * @param value the String to encode
   * @param offset the length of the caller's header
   * @return {@code offset} zero bytes followed by the UTF-8 bytes of {@code value}, or null if
   *     {@code value} has an unpaired surrogate
   */
  byte[] encodeIfWellFormed(String value, int offset) {
    int length = value.length();
    byte[] frame = new byte[offset + length];
    for (int i = 0; i < length; i++) {
      char c = value.charAt(i);
      if (c >= 0x80) {
        return isWellFormed(value) ? encodeWellFormed(value, offset) : null;
      }
      frame[offset + i] = (byte) c; // an ASCII char is its own UTF-8 byte
    }
    return frame;
  }

  /**
   * Encodes a String already known to be well-formed, without checking it again.
   *
   * @param value a String for which {@link #isWellFormed} is true
   * @param offset the length of the caller's header
   * @return {@code offset} zero bytes followed by the UTF-8 bytes of {@code value}
   */
  private static byte[] encodeWellFormed(String value, int offset) {
    byte[] utf8 = value.getBytes(UTF_8);
    if (offset == 0) {
      return utf8;
    }
    byte[] frame = new byte[offset + utf8.length];
    System.arraycopy(utf8, 0, frame, offset, utf8.length);
    return frame;
  }

  @Override
  public String decode(byte[] bytes, int offset) {
    return new String(bytes, offset, bytes.length - offset, UTF_8);
  }
}
