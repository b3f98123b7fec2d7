package io.peanutcache.cluster.transport;

import com.google.protobuf.ByteOutput;
import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;

/**
 * Encoded keys and values into and out of protobuf's {@link ByteString} without copying them
 * where nothing else can change the array.
 *
 * <p>An encoding the codec has just made, or one the store keeps (a store-by-value cache never
 * changes a stored array, it replaces it), is wrapped as it is; a field a message was parsed into
 * holds an array of its own, copied from the network buffer, and is read from that array. Every
 * array that passes through here is treated as read-only from then on: by the message that sends
 * it and by whoever reads the value out of a reply.
 */
final class WireBytes {

  private WireBytes() {}

  /**
   * A {@code ByteString} of {@code encoding}, without a copy.
   *
   * @param encoding an array no one changes from now on
   * @return the bytes, for a message field
   */
  static ByteString wrap(byte[] encoding) {
    return UnsafeByteOperations.unsafeWrap(encoding);
  }

  /**
   * The contents of {@code bytes} as an array: the array it holds when it holds one whole array,
   * as a parsed message's field does, or else a copy.
   *
   * @param bytes the bytes of a field
   * @return its contents; not to be changed
   */
  static byte[] array(ByteString bytes) {
    WholeArray whole = new WholeArray();
    try {
      UnsafeByteOperations.unsafeWriteTo(bytes, whole);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // WholeArray does no I/O
    }
    return whole.only != null && whole.only.length == bytes.size() ? whole.only : bytes.toByteArray();
  }

  /** Notes the array a {@code ByteString} hands over when it is one whole array and nothing else. */
  private static final class WholeArray extends ByteOutput {
    /** The one array handed over, whole; null if none or anything else came. */
    private byte[] only;
    private boolean other;

    @Override
    public void write(byte value) {
      notWhole();
    }

    @Override
    public void write(byte[] value, int offset, int length) {
      notWhole();
    }

    @Override
    public void writeLazy(byte[] value, int offset, int length) {
      if (!other && only == null && offset == 0 && length == value.length) {
        only = value;
      } else {
        notWhole();
      }
    }

    @Override
    public void write(ByteBuffer value) {
      notWhole();
    }

    @Override
    public void writeLazy(ByteBuffer value) {
      notWhole();
    }

    private void notWhole() {
      other = true;
      only = null;
    }
  }
}
