package io.peanutcache.codec;

import io.peanutcache.CodecException;
import java.io.ObjectInputFilter;
import java.util.Objects;

/**
 * The codec caches use for keys and values of any type: one tag byte naming the type, then the
 * payload.
 *
 * <table>
 *   <caption>Tags and payloads</caption>
 *   <tr><th>Tag</th><th>Type</th><th>Payload</th></tr>
 *   <tr><td>0x01</td><td>String</td><td>UTF-8</td></tr>
 *   <tr><td>0x02</td><td>byte[]</td><td>the bytes</td></tr>
 *   <tr><td>0x03</td><td>Long</td><td>zig-zag varint, 1 to 10 bytes</td></tr>
 *   <tr><td>0x04</td><td>Integer</td><td>zig-zag varint, 1 to 5 bytes</td></tr>
 *   <tr><td>0x05</td><td>Short</td><td>zig-zag varint, 1 to 3 bytes</td></tr>
 *   <tr><td>0x06</td><td>Byte</td><td>1 byte</td></tr>
 *   <tr><td>0x07</td><td>Character</td><td>varint, 1 to 3 bytes</td></tr>
 *   <tr><td>0x08</td><td>Boolean</td><td>1 byte, 0 or 1</td></tr>
 *   <tr><td>0x09</td><td>Float</td><td>4 bytes, big-endian {@link Float#floatToIntBits}</td></tr>
 *   <tr><td>0x0A</td><td>Double</td>
 *       <td>8 bytes, big-endian {@link Double#doubleToLongBits}</td></tr>
 *   <tr><td>0x0B</td><td>anything else</td><td>Java serialization</td></tr>
 * </table>
 *
 * <p>The tags are part of what nodes send each other and hash to place keys: they never change
 * meaning. Tag 0x00 is never written. A String with an unpaired surrogate, which has no UTF-8 form,
 * is serialized instead, so it does not share the bytes of another String.
 *
 * <p>The built-in types encode deterministically. A serialized value is as deterministic as its
 * class's serialized form: records are, and so is any class whose serialized fields are what {@code
 * equals} compares; a HashSet after different insertions may not be. Decoding a serialized value
 * loads its classes through the cache's class loader, with the JDK's platform loader as the
 * fallback for JDK classes, and checks the stream with the given {@link ObjectInputFilter}, if any;
 * built-in types never reach either.
 *
 * <p>Decoding a byte[] allocates only the returned array, and decoding a String only the String.
 * Instances are immutable and thread-safe.
 */
public final class ValueCodec implements Codec<Object> {

  /** What can be encoded, for the messages of refusals. */
  static final String ALLOWED =
      "String, byte[], a boxed primitive, or a java.io.Serializable class";

  private static final byte STRING = 0x01;
  private static final byte BYTES = 0x02;
  private static final byte LONG = 0x03;
  private static final byte INTEGER = 0x04;
  private static final byte SHORT = 0x05;
  private static final byte BYTE = 0x06;
  private static final byte CHARACTER = 0x07;
  private static final byte BOOLEAN = 0x08;
  private static final byte FLOAT = 0x09;
  private static final byte DOUBLE = 0x0A;
  private static final byte SERIALIZED = 0x0B;

  /**
   * The tag of a String's encoding: an ASCII String encodes as this byte followed by its chars,
   * one byte each ({@link #isAsciiString}).
   */
  public static final byte STRING_TAG = STRING;

  /** The length of the header before the payload: the tag. */
  private static final int TAG_LENGTH = 1;

  private final SerializationCodec serialization;

  /**
   * A codec whose serialized values are decoded with classes from {@code classLoader}, checked only
   * by the JVM-wide {@link ObjectInputFilter}, if one is set.
   *
   * @param classLoader the class loader of the cache's keys and values
   * @throws NullPointerException if {@code classLoader} is null
   */
  public ValueCodec(ClassLoader classLoader) {
    this.serialization =
        new SerializationCodec(Objects.requireNonNull(classLoader, "classLoader"), null);
  }

  /**
   * A codec whose serialized values are decoded with classes from {@code classLoader} and checked
   * by {@code filter}, for bytes that come from other nodes.
   *
   * @param classLoader the class loader of the cache's keys and values
   * @param filter checks the classes and sizes a serialized value may bring; used in place of the
   *     JVM-wide filter
   * @throws NullPointerException if {@code classLoader} or {@code filter} is null
   */
  public ValueCodec(ClassLoader classLoader, ObjectInputFilter filter) {
    this.serialization =
        new SerializationCodec(
            Objects.requireNonNull(classLoader, "classLoader"),
            Objects.requireNonNull(filter, "filter"));
  }

  /**
   * Encodes a value as its tag followed by its payload.
   *
   * @param value a String, byte[], boxed primitive or {@link java.io.Serializable} object
   * @return the encoding, in a new array
   * @throws NullPointerException if {@code value} is null
   * @throws CodecException if {@code value} is none of these, or its serialization fails; the
   *     message names its class and what is allowed
   */
  @Override
  public byte[] encode(Object value) {
    Objects.requireNonNull(value, PayloadCodec.NULL_VALUE);
    if (value instanceof String string) {
      byte[] utf8 = StringCodec.INSTANCE.encodeIfWellFormed(string, TAG_LENGTH);
      return utf8 != null ? tagged(STRING, utf8) : tagged(SERIALIZED, serialization.encode(string, TAG_LENGTH));
    } else if (value instanceof Long number) {
      return tagged(LONG, VarintCodec.LONG.encode(number, TAG_LENGTH));
    } else if (value instanceof Integer number) {
      return tagged(INTEGER, VarintCodec.INTEGER.encode(number, TAG_LENGTH));
    } else if (value instanceof byte[] bytes) {
      return tagged(BYTES, BytesCodec.INSTANCE.encode(bytes, TAG_LENGTH));
    } else if (value instanceof Short number) {
      return tagged(SHORT, VarintCodec.SHORT.encode(number, TAG_LENGTH));
    } else if (value instanceof Byte number) {
      return tagged(BYTE, FixedWidthCodec.BYTE.encode(number, TAG_LENGTH));
    } else if (value instanceof Character character) {
      return tagged(CHARACTER, VarintCodec.CHARACTER.encode(character, TAG_LENGTH));
    } else if (value instanceof Boolean flag) {
      return tagged(BOOLEAN, FixedWidthCodec.BOOLEAN.encode(flag, TAG_LENGTH));
    } else if (value instanceof Float number) {
      return tagged(FLOAT, FixedWidthCodec.FLOAT.encode(number, TAG_LENGTH));
    } else if (value instanceof Double number) {
      return tagged(DOUBLE, FixedWidthCodec.DOUBLE.encode(number, TAG_LENGTH));
    }
    return tagged(SERIALIZED, serialization.encode(value, TAG_LENGTH));
  }

  private static byte[] tagged(byte tag, byte[] frame) {
    frame[0] = tag;
    return frame;
  }

  /**
   * Decodes bytes made by {@link #encode}.
   *
   * @param bytes a tag followed by its payload; the result does not share it
   * @return the value, never null
   * @throws NullPointerException if {@code bytes} is null
   * @throws CodecException if {@code bytes} is empty, has an unknown tag, or its payload is corrupt
   *     or truncated; or, for a serialized value, names a class the class loader cannot load, or is
   *     rejected by the filter. The message says which
   */
  @Override
  public Object decode(byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    if (bytes.length == 0) {
      throw new CodecException(
          "cannot decode an empty array: an encoding starts with a tag byte naming the type");
    }
    return switch (bytes[0]) {
      case STRING -> StringCodec.INSTANCE.decode(bytes, TAG_LENGTH);
      case BYTES -> BytesCodec.INSTANCE.decode(bytes, TAG_LENGTH);
      case LONG -> VarintCodec.LONG.decode(bytes, TAG_LENGTH);
      case INTEGER -> VarintCodec.INTEGER.decode(bytes, TAG_LENGTH);
      case SHORT -> VarintCodec.SHORT.decode(bytes, TAG_LENGTH);
      case BYTE -> FixedWidthCodec.BYTE.decode(bytes, TAG_LENGTH);
      case CHARACTER -> VarintCodec.CHARACTER.decode(bytes, TAG_LENGTH);
      case BOOLEAN -> FixedWidthCodec.BOOLEAN.decode(bytes, TAG_LENGTH);
      case FLOAT -> FixedWidthCodec.FLOAT.decode(bytes, TAG_LENGTH);
      case DOUBLE -> FixedWidthCodec.DOUBLE.decode(bytes, TAG_LENGTH);
      case SERIALIZED -> serialization.decode(bytes, TAG_LENGTH);
      default ->
          throw new CodecException(
              String.format(
                  "cannot decode: unknown tag 0x%02X; expected 0x%02X to 0x%02X",
                  bytes[0] & 0xFF, STRING, SERIALIZED));
    };
  }

  /**
   * Whether an encoding is of a built-in type, which decodes without Java serialization: no class
   * is loaded and no application code runs, so it may be decoded on a network thread.
   *
   * @param bytes an encoding, or anything claiming to be one
   * @return true if its tag is that of String, byte[] or a boxed primitive
   */
  public static boolean isBuiltIn(byte[] bytes) {
    return bytes.length > 0 && bytes[0] >= STRING && bytes[0] <= DOUBLE;
  }

  /**
   * Whether a value encodes to a built-in form: a String with a UTF-8 form, or a boxed primitive.
   * Such a value is immutable, and its encoding decodes to an equal value without Java
   * serialization.
   *
   * @param value any value, or null
   * @return true if {@link #isImmutable} is true of it and it is not a String with an unpaired
   *     surrogate
   */
  public static boolean encodesBuiltIn(Object value) {
    return isImmutable(value) && (!(value instanceof String string) || StringCodec.isWellFormed(string));
  }

  /**
   * An independent copy of a value, for store-by-value: equal to it, and sharing no mutable state
   * with it. A String or boxed primitive is returned as it is, since nothing can change it; a
   * byte[] is cloned; anything else is encoded and decoded.
   *
   * @param value the value to copy
   * @return {@code value} itself if {@link #isImmutable} is true of it, otherwise an equal copy
   * @throws NullPointerException if {@code value} is null
   * @throws CodecException if {@code value} cannot be encoded, or its serialized form does not
   *     decode
   */
  public Object copy(Object value) {
    Objects.requireNonNull(value, "cannot copy null; allowed: a non-null key or value");
    if (isImmutable(value)) {
      return value;
    }
    if (value instanceof byte[] bytes) {
      return bytes.clone();
    }
    return decode(encode(value));
  }

  /**
   * Whether a value is a String of ASCII chars only, whose encoding is {@link #STRING_TAG}
   * followed by its chars, one byte each.
   *
   * @param value any value, or null
   * @return true if {@code value} is such a String; false for null and anything else
   */
  public static boolean isAsciiString(Object value) {
    return value instanceof String string && StringCodec.isAscii(string);
  }

  /**
   * Whether a value is a built-in immutable type: a String or a boxed primitive (Long, Integer,
   * Short, Byte, Character, Boolean, Float, Double). Such a value needs no copy.
   *
   * @param value any value, or null
   * @return true if {@code value} is one of these types; false for null and anything else
   */
  public static boolean isImmutable(Object value) {
    return value instanceof String
        || value instanceof Long
        || value instanceof Integer
        || value instanceof Short
        || value instanceof Byte
        || value instanceof Character
        || value instanceof Boolean
        || value instanceof Float
        || value instanceof Double;
  }
}
