package io.peanutcache;

import javax.cache.CacheException;

/**
 * Thrown when PeanutCache cannot turn a key or value into bytes, or bytes back into a key or value.
 *
 * <p>Encoding fails for a value that is neither a built-in type (String, byte[], a boxed primitive)
 * nor serializable. Decoding fails for bytes that are corrupt or truncated, that name a class the
 * cache's class loader cannot load, or that the cache's {@link java.io.ObjectInputFilter} rejects.
 * The message says which, and names the class involved.
 */
public class CodecException extends CacheException {

  private static final long serialVersionUID = 1L;

  /**
   * A codec failure.
   *
   * @param message what could not be encoded or decoded, and why
   */
  public CodecException(String message) {
    super(message);
  }

  /**
   * A codec failure caused by another exception.
   *
   * @param message what could not be encoded or decoded, and why
   * @param cause the exception that made it fail
   */
  public CodecException(String message, Throwable cause) {
    super(message, cause);
  }
}
