package io.peanutcache.codec;

import io.peanutcache.CodecException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InvalidClassException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;

/**
 * Any {@link java.io.Serializable} value through Java serialization: the fallback of {@link
 * ValueCodec} for types without a built-in codec, so its refusals list what ValueCodec allows.
 *
 * <p>Decoding loads classes through the cache's class loader, so values of application classes come
 * back as the application's classes. A class that loader cannot load is tried with the platform
 * class loader, which holds the JDK's classes, and primitive types are resolved by name; nothing
 * else is tried, so a class the cache's loader refuses stays refused. Bytes from another node can
 * be checked with an {@link ObjectInputFilter}; without one, the JVM-wide filter applies.
 *
 * <p>Encoding is as deterministic as the value's serialized form: records, and classes whose
 * serialized fields are what {@code equals} compares, encode equal values to equal bytes; a class
 * whose form depends on history (a HashSet's order after different insertions) may not.
 */
final class SerializationCodec implements PayloadCodec<Object> {

  private final ClassLoader classLoader;
  private final ObjectInputFilter filter;

  /**
   * A codec loading classes through {@code classLoader}.
   *
   * @param classLoader the class loader of the cache's values
   * @param filter checks what decoding may create, or null for the JVM-wide filter
   */
  SerializationCodec(ClassLoader classLoader, ObjectInputFilter filter) {
    this.classLoader = classLoader;
    this.filter = filter;
  }

  @Override
  public byte[] encode(Object value, int offset) {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream(offset + 128);
    for (int i = 0; i < offset; i++) {
      buffer.write(0);
    }
    try (ObjectOutputStream out = new ObjectOutputStream(buffer)) {
      out.writeObject(value);
    } catch (IOException | RuntimeException e) {
      throw new CodecException(
          "cannot encode a value of class "
              + value.getClass().getName()
              + ": "
              + e
              + "; allowed: "
              + ValueCodec.ALLOWED,
          e);
    }
    return buffer.toByteArray();
  }

  @Override
  public Object decode(byte[] bytes, int offset) {
    Guard guard = new Guard(filter, bytes.length - offset);
    Object value;
    try (ObjectInputStream in =
        new ClassLoaderObjectInputStream(
            new ByteArrayInputStream(bytes, offset, bytes.length - offset), classLoader)) {
      in.setObjectInputFilter(guard);
      value = in.readObject();
    } catch (ClassNotFoundException e) {
      throw new CodecException(
          "cannot decode a serialized value: class "
              + e.getMessage()
              + " cannot be loaded through class loader "
              + classLoader,
          e);
    } catch (InvalidClassException e) {
      if (guard.rejected != null) {
        throw new CodecException("cannot decode a serialized value: " + guard.rejected, e);
      }
      throw new CodecException("cannot decode a serialized value: " + e, e);
    } catch (IOException | RuntimeException e) {
      throw new CodecException("cannot decode a serialized value: " + e, e);
    }
    if (value == null) {
      throw new CodecException("cannot decode a serialized value: it is null");
    }
    return value;
  }

  /** Resolves classes through a given class loader instead of the caller's. */
  private static final class ClassLoaderObjectInputStream extends ObjectInputStream {

    private final ClassLoader classLoader;

    ClassLoaderObjectInputStream(InputStream in, ClassLoader classLoader) throws IOException {
      super(in);
      this.classLoader = classLoader;
    }

    @Override
    protected Class<?> resolveClass(ObjectStreamClass desc) throws ClassNotFoundException {
      String name = desc.getName();
      try {
        return Class.forName(name, false, classLoader);
      } catch (ClassNotFoundException notFound) {
        Class<?> primitive = primitive(name);
        if (primitive != null) {
          return primitive;
        }
        try {
          return Class.forName(name, false, ClassLoader.getPlatformClassLoader());
        } catch (ClassNotFoundException | LinkageError notInTheJdk) {
          throw notFound;
        }
      } catch (LinkageError unloadable) {
        throw new ClassNotFoundException(name, unloadable);
      }
    }

    private static Class<?> primitive(String name) {
      return switch (name) {
        case "boolean" -> boolean.class;
        case "byte" -> byte.class;
        case "char" -> char.class;
        case "short" -> short.class;
        case "int" -> int.class;
        case "long" -> long.class;
        case "float" -> float.class;
        case "double" -> double.class;
        case "void" -> void.class;
        default -> null;
      };
    }
  }

  /**
   * Bounds a stream by its own length (no more references, and no longer arrays, than it has bytes:
   * each takes at least one), passes every step to the cache's filter, or else to the JVM-wide one,
   * and remembers why it rejected the first step it did, for the error message.
   */
  private static final class Guard implements ObjectInputFilter {

    private final ObjectInputFilter filter;
    private final long length;
    private String rejected;

    Guard(ObjectInputFilter filter, long length) {
      this.filter = filter != null ? filter : ObjectInputFilter.Config.getSerialFilter();
      this.length = length;
    }

    @Override
    public Status checkInput(FilterInfo info) {
      if (info.arrayLength() > length || info.references() > length) {
        return reject(
            "the stream of "
                + length
                + " bytes claims "
                + (info.arrayLength() > length
                    ? "an array of " + info.arrayLength() + " elements"
                    : info.references() + " references"));
      }
      Status status = filter == null ? Status.UNDECIDED : filter.checkInput(info);
      if (status == Status.REJECTED) {
        return reject(
            filter instanceof AllowListFilter allowList
                ? allowList.reason(info)
                : "the ObjectInputFilter rejected " + step(info));
      }
      return status;
    }

    private static String step(FilterInfo info) {
      return info.serialClass() != null
          ? "class " + info.serialClass().getName()
          : "the stream at depth "
              + info.depth()
              + ", "
              + info.references()
              + " references, "
              + info.streamBytes()
              + " bytes"
              + (info.arrayLength() >= 0 ? ", array length " + info.arrayLength() : "");
    }

    private Status reject(String reason) {
      if (rejected == null) {
        rejected = reason;
      }
      return Status.REJECTED;
    }
  }
}
