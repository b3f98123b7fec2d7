package io.peanutcache.cluster.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.google.protobuf.ByteString;
import io.peanutcache.cluster.transport.proto.Reply;
import org.junit.jupiter.api.Test;

/**
 * Encodings go into messages without a copy and come out of parsed ones without a copy, and
 * whatever a {@code ByteString} holds that is not one whole array is copied, with its contents
 * intact.
 */
class WireBytesTest {

  private static final byte[] VALUE = {4, 1, 2, 3, 5, 8, 13};

  @Test
  void aWrappedEncodingIsSentAsItIsAndReadBackAsTheSameArray() {
    byte[] encoding = VALUE.clone();
    ByteString wrapped = WireBytes.wrap(encoding);
    assertEquals(ByteString.copyFrom(VALUE), wrapped);
    assertSame(encoding, WireBytes.array(wrapped));
  }

  @Test
  void aFieldOfAParsedMessageIsReadFromTheArrayItWasParsedInto() throws Exception {
    byte[] message = Reply.newBuilder().setPresent(true).setValue(ByteString.copyFrom(VALUE)).build()
        .toByteArray();
    Reply parsed = Reply.parseFrom(message);

    byte[] value = WireBytes.array(parsed.getValue());
    assertArrayEquals(VALUE, value);
    assertSame(value, WireBytes.array(parsed.getValue()), "no copy is made on the way out");
  }

  @Test
  void partOfAnArrayIsCopied() {
    ByteString middle = ByteString.copyFrom(VALUE).substring(1, 4);
    byte[] first = WireBytes.array(middle);
    assertArrayEquals(new byte[] {1, 2, 3}, first);
    assertNotSame(first, WireBytes.array(middle));
  }

  @Test
  void bytesJoinedFromSeveralArraysAreCopiedWhole() {
    ByteString joined = WireBytes.wrap(new byte[] {1, 2}).concat(WireBytes.wrap(new byte[] {3}));
    assertArrayEquals(new byte[] {1, 2, 3}, WireBytes.array(joined));
  }

  @Test
  void noBytesAreAnEmptyArray() {
    assertArrayEquals(new byte[0], WireBytes.array(ByteString.EMPTY));
  }
}
