package io.peanutcache.cluster.hot;

import io.peanutcache.CodecException;
import io.peanutcache.codec.ValueCodec;
import java.util.Arrays;

/**
 * What the hot cache files a copy under: the key itself when it is a String or a boxed primitive,
 * and otherwise its encoding. An owner's invalidation names a key by its encoding, which arrives
 * on the network thread; a built-in key decodes there without loading a class, and any other key
 * is matched by its bytes, so no Java serialization runs on that thread. Keys encode
 * deterministically, so equal keys give equal bytes.
 */
final class HotKey {

  private final byte[] encoded;
  private final int hash;

  private HotKey(byte[] encoded) {
    this.encoded = encoded;
    this.hash = Arrays.hashCode(encoded);
  }

  /**
   * The entry key of a key the application asked for.
   *
   * @param key the key
   * @param codec encodes a key that is not built-in
   * @return the key itself, or its encoding
   */
  static Object of(Object key, ValueCodec codec) {
    return ValueCodec.encodesBuiltIn(key) ? key : new HotKey(codec.encode(key));
  }

  /**
   * The entry key of a key whose encoding is known.
   *
   * @param key the key
   * @param encoded its encoding, not modified later
   * @return the key itself, or its encoding
   */
  static Object of(Object key, byte[] encoded) {
    return ValueCodec.encodesBuiltIn(key) ? key : new HotKey(encoded);
  }

  /**
   * The entry key of an encoded key from an owner, decoded only if it is built-in.
   *
   * @param encoded the encoding
   * @param codec decodes a built-in key
   * @return the key, its encoding, or null if a built-in encoding is corrupt
   */
  static Object ofEncoded(byte[] encoded, ValueCodec codec) {
    if (!ValueCodec.isBuiltIn(encoded)) {
      return new HotKey(encoded);
    }
    Object key;
    try {
      key = codec.decode(encoded);
    } catch (CodecException corrupt) {
      return null;
    }
    return ValueCodec.encodesBuiltIn(key) ? key : new HotKey(encoded);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof HotKey that && hash == that.hash && Arrays.equals(encoded, that.encoded);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  @Override
  public String toString() {
    return "HotKey[" + encoded.length + " bytes]";
  }
}
