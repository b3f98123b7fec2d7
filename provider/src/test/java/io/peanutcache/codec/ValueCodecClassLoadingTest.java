package io.peanutcache.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.peanutcache.CodecException;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputFilter;
import java.io.ObjectInputFilter.Status;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Decoding serialized values goes through the cache's class loader and filter. */
class ValueCodecClassLoadingTest {

  private static final ClassLoader APPLICATION = ValueCodecClassLoadingTest.class.getClassLoader();

  private final ValueCodec encoder = new ValueCodec(APPLICATION);

  /** Refuses one class by name and delegates the rest to the application's loader. */
  static final class RefusingClassLoader extends ClassLoader {
    private final String refused;

    RefusingClassLoader(String refused) {
      super(APPLICATION);
      this.refused = refused;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      if (name.equals(refused)) {
        throw new ClassNotFoundException(name);
      }
      return super.loadClass(name, resolve);
    }

    @Override
    public String toString() {
      return "RefusingClassLoader(" + refused + ")";
    }
  }

  /** Defines its own copy of LoaderProbe, as an application's loader would define its classes. */
  static final class ProbeDefiningClassLoader extends ClassLoader {
    ProbeDefiningClassLoader() {
      super(APPLICATION);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      if (!name.equals(LoaderProbe.class.getName())) {
        return super.loadClass(name, resolve);
      }
      synchronized (getClassLoadingLock(name)) {
        Class<?> loaded = findLoadedClass(name);
        if (loaded == null) {
          byte[] classFile = readClassFile(name);
          loaded = defineClass(name, classFile, 0, classFile.length);
        }
        return loaded;
      }
    }

    private static byte[] readClassFile(String name) {
      try (InputStream in = APPLICATION.getResourceAsStream(name.replace('.', '/') + ".class")) {
        return in.readAllBytes();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  @Test
  void classesOfSerializedValuesAreLoadedThroughTheGivenClassLoader() {
    ProbeDefiningClassLoader loader = new ProbeDefiningClassLoader();
    byte[] frame = encoder.encode(new LoaderProbe("p", 3));

    Object decoded = new ValueCodec(loader).decode(frame);

    assertSame(loader, decoded.getClass().getClassLoader());
    assertNotSame(LoaderProbe.class, decoded.getClass());
    assertEquals(new LoaderProbe("p", 3).toString(), decoded.toString());
  }

  @Test
  void aClassTheClassLoaderRefusesIsRefusedNamingTheClassAndTheLoader() {
    RefusingClassLoader loader = new RefusingClassLoader(LoaderProbe.class.getName());
    byte[] frame = encoder.encode(new LoaderProbe("p", 3));

    CodecException e =
        assertThrows(CodecException.class, () -> new ValueCodec(loader).decode(frame));

    assertEquals(
        "cannot decode a serialized value: class "
            + LoaderProbe.class.getName()
            + " cannot be loaded through class loader RefusingClassLoader("
            + LoaderProbe.class.getName()
            + ")",
        e.getMessage());
  }

  @Test
  void aRefusedClassNestedInsideAValueIsRefused() {
    RefusingClassLoader loader = new RefusingClassLoader(LoaderProbe.class.getName());
    byte[] frame = encoder.encode(new ArrayList<>(List.of(new LoaderProbe("p", 3))));

    CodecException e =
        assertThrows(CodecException.class, () -> new ValueCodec(loader).decode(frame));

    assertTrue(e.getMessage().contains(LoaderProbe.class.getName()), e.getMessage());
  }

  @Test
  void jdkAndPrimitiveClassesResolveEvenThroughALoaderThatSeesOnlyTheBootClasses() {
    ValueCodec codec = new ValueCodec(new ClassLoader(null) {});
    java.sql.Date date = new java.sql.Date(86_400_000L);

    assertSame(int.class, codec.decode(encoder.encode(int.class)));
    assertEquals(date, codec.decode(encoder.encode(date)));
    assertEquals(
        List.of("a", "b"), codec.decode(encoder.encode(new ArrayList<>(List.of("a", "b")))));
  }

  @Test
  void aClassTheFilterRejectsIsRefusedNamingTheClass() {
    ObjectInputFilter rejectProbes =
        info -> info.serialClass() == LoaderProbe.class ? Status.REJECTED : Status.UNDECIDED;
    byte[] frame = encoder.encode(new ArrayList<>(List.of(new LoaderProbe("p", 3))));

    CodecException e =
        assertThrows(
            CodecException.class, () -> new ValueCodec(APPLICATION, rejectProbes).decode(frame));

    assertEquals(
        "cannot decode a serialized value: the ObjectInputFilter rejected class "
            + LoaderProbe.class.getName(),
        e.getMessage());
  }

  @Test
  void aStreamBeyondTheFilterLimitsIsRefusedSayingWhere() {
    ObjectInputFilter shallow = ObjectInputFilter.Config.createFilter("maxdepth=1");
    List<List<String>> nested = new ArrayList<>(List.of(new ArrayList<>(List.of("deep"))));
    byte[] frame = encoder.encode(nested);

    CodecException e =
        assertThrows(
            CodecException.class, () -> new ValueCodec(APPLICATION, shallow).decode(frame));

    assertTrue(e.getMessage().contains("the ObjectInputFilter rejected"), e.getMessage());
    assertTrue(e.getMessage().contains("depth"), e.getMessage());
  }

  @Test
  void whatTheFilterAllowsDecodes() {
    ObjectInputFilter allowProbes =
        ObjectInputFilter.Config.createFilter(LoaderProbe.class.getName() + ";java.lang.*;!*");
    byte[] frame = encoder.encode(new LoaderProbe("p", 3));

    assertEquals(new LoaderProbe("p", 3), new ValueCodec(APPLICATION, allowProbes).decode(frame));
  }

  @Test
  void builtInTypesNeverReachTheFilter() {
    AtomicInteger consulted = new AtomicInteger();
    ObjectInputFilter rejectAll =
        info -> {
          consulted.incrementAndGet();
          return Status.REJECTED;
        };
    ValueCodec codec = new ValueCodec(APPLICATION, rejectAll);

    for (Object value : List.of("peanut", 42L, 7, 'c', true, 2.5, new byte[] {1})) {
      codec.decode(encoder.encode(value));
    }
    assertEquals(0, consulted.get());
    assertThrows(CodecException.class, () -> codec.decode(encoder.encode(new LoaderProbe("p", 1))));
    assertTrue(consulted.get() > 0);
  }

  @Test
  void aClassLoaderAndFilterAreRequired() {
    assertThrows(NullPointerException.class, () -> new ValueCodec(null));
    assertThrows(NullPointerException.class, () -> new ValueCodec(null, info -> Status.ALLOWED));
    assertThrows(NullPointerException.class, () -> new ValueCodec(APPLICATION, null));
  }
}
