package io.peanutcache.codec;

import io.peanutcache.CodecException;

/**
 * Turns values of one type into bytes and back.
 *
 * <p>The contract:
 *
 * <ul>
 *   <li>Decoding the encoding of a value gives a value equal to it.
 *   <li>Encodings are deterministic: equal values encode to equal bytes, on every JVM. PeanutCache
 *       hashes encoded keys to choose the node that owns them and sends them between nodes, so a
 *       key must not have two encodings. An implementation names any type for which this holds only
 *       partly.
 *   <li>Neither method keeps or changes the array it is given or returns: the caller owns both.
 *   <li>Implementations are thread-safe.
 * </ul>
 *
 * @param <T> the type of values
 */
public interface Codec<T> {

  /**
   * Encodes a value.
   *
   * @param value the value to encode
   * @return the encoding, in a new array
   * @throws NullPointerException if {@code value} is null
   * @throws CodecException if {@code value} cannot be encoded; the message names its class and what
   *     is allowed
   */
  byte[] encode(T value);

  /**
   * Decodes bytes made by {@link #encode}.
   *
   * @param bytes an encoding; the result does not share it
   * @return the value, never null
   * @throws NullPointerException if {@code bytes} is null
   * @throws CodecException if {@code bytes} is not a valid encoding; the message says what is wrong
   */
  T decode(byte[] bytes);
}
