package io.peanutcache.cluster.routing;

import io.peanutcache.CodecException;
import io.peanutcache.codec.ValueCodec;
import java.util.ArrayList;
import java.util.List;
import javax.cache.processor.EntryProcessor;

/** Entry processors and their arguments as they travel to the owners of their keys. */
final class EncodedProcessors {

  private EncodedProcessors() {}

  /**
   * The bytes of a processor that runs on another node.
   *
   * @throws CodecException saying that the processor must be serializable, if it does not encode
   */
  static byte[] processor(ValueCodec codec, EntryProcessor<?, ?, ?> processor) {
    try {
      return codec.encode(processor);
    } catch (CodecException e) {
      throw new CodecException("the entry processor " + processor.getClass().getName()
          + " must run on the owner of its key, another node, so it must be java.io.Serializable: "
          + e.getMessage(), e);
    }
  }

  /** The bytes of each argument; none for null. */
  static List<byte[]> arguments(ValueCodec codec, Object[] arguments) {
    List<byte[]> encoded = new ArrayList<>();
    if (arguments != null) {
      for (Object argument : arguments) {
        encoded.add(codec.encode(argument));
      }
    }
    return encoded;
  }
}
