package io.peanutcache.codec;

import java.util.Objects;

/**
 * A {@link Codec} whose encoding can sit after a header in the same array. {@link ValueCodec}
 * writes its tag byte and the payload with a single allocation, and decodes the payload where it
 * lies instead of copying it out first.
 *
 * @param <T> the type of values
 */
interface PayloadCodec<T> extends Codec<T> {

  /** The message of the NullPointerException that {@code encode(null)} throws. */
  String NULL_VALUE = "cannot encode null; allowed: a non-null key or value";

  /**
   * Encodes a non-null value after a header of {@code offset} bytes.
   *
   * @param value the value, not null
   * @param offset the length of the caller's header, at least 0
   * @return a new array of {@code offset} zero bytes followed by the encoding of {@code value}
   */
  byte[] encode(T value, int offset);

  /**
   * Decodes the encoding that fills {@code bytes} from {@code offset} to the end.
   *
   * @param bytes the array holding the encoding; the result does not share it
   * @param offset where the encoding starts, from 0 to {@code bytes.length}
   * @return the value, never null
   */
  T decode(byte[] bytes, int offset);

  @Override
  default byte[] encode(T value) {
    return encode(Objects.requireNonNull(value, NULL_VALUE), 0);
  }

  @Override
  default T decode(byte[] bytes) {
    return decode(Objects.requireNonNull(bytes, "bytes"), 0);
  }
}
