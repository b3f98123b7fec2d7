package io.peanutcache.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.peanutcache.CodecException;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import org.junit.jupiter.api.Test;

class ValueCodecEncodeErrorsTest {

  private static final String ALLOWED =
      "allowed: String, byte[], a boxed primitive, or a java.io.Serializable class";

  private final ValueCodec codec = new ValueCodec(getClass().getClassLoader());

  static final class NotSerializable {}

  record Holder(Object content) implements Serializable {}

  static final class FailsToSerialize implements Serializable {
    private static final long serialVersionUID = 1L;

    private void writeObject(ObjectOutputStream out) throws IOException {
      throw new IllegalStateException("no wire form");
    }
  }

  @Test
  void aValueThatIsNotSerializableIsRefusedNamingItsClassAndWhatIsAllowed() {
    CodecException e =
        assertThrows(CodecException.class, () -> codec.encode(new NotSerializable()));

    assertEquals(
        "cannot encode a value of class "
            + NotSerializable.class.getName()
            + ": java.io.NotSerializableException: "
            + NotSerializable.class.getName()
            + "; "
            + ALLOWED,
        e.getMessage());
  }

  @Test
  void aSerializableValueHoldingAnUnserializableOneIsRefusedNamingBoth() {
    CodecException e =
        assertThrows(CodecException.class, () -> codec.encode(new Holder(new NotSerializable())));

    assertTrue(
        e.getMessage().startsWith("cannot encode a value of class " + Holder.class.getName()),
        e.getMessage());
    assertTrue(e.getMessage().contains(NotSerializable.class.getName()), e.getMessage());
    assertTrue(e.getMessage().endsWith(ALLOWED), e.getMessage());
  }

  @Test
  void aValueWhoseSerializationThrowsIsRefusedNamingItsClass() {
    CodecException e =
        assertThrows(CodecException.class, () -> codec.encode(new FailsToSerialize()));

    assertTrue(e.getMessage().contains(FailsToSerialize.class.getName()), e.getMessage());
    assertTrue(e.getMessage().contains("no wire form"), e.getMessage());
  }

  @Test
  void encodingNullThrowsNullPointerExceptionSayingSo() {
    NullPointerException e = assertThrows(NullPointerException.class, () -> codec.encode(null));

    assertTrue(e.getMessage().contains("null"), e.getMessage());
  }

  @Test
  void copyingNullThrowsNullPointerExceptionSayingSo() {
    NullPointerException e = assertThrows(NullPointerException.class, () -> codec.copy(null));

    assertTrue(e.getMessage().contains("null"), e.getMessage());
  }
}
