package io.peanutcache.cluster.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import io.grpc.MethodDescriptor;
import io.grpc.ServerMethodDefinition;
import io.peanutcache.cluster.transport.proto.Header;
import io.peanutcache.cluster.transport.proto.LeaseRequest;
import io.peanutcache.cluster.transport.proto.LeaseWrite;
import io.peanutcache.cluster.transport.proto.PeerGrpc;
import io.peanutcache.cluster.transport.proto.ReadBatch;
import org.junit.jupiter.api.Test;

/**
 * The check of member names reads the sender of every request of the peer service: a request of a
 * kind it does not know would be refused, so a new call must be taught to it.
 */
class CertifiedSenderTest {

  @Test
  void theSenderOfEveryRequestOfThePeerServiceIsRead() {
    for (ServerMethodDefinition<?, ?> method : PeerGrpc.bindService(new PeerGrpc.PeerImplBase() {}).getMethods()) {
      MethodDescriptor.PrototypeMarshaller<?> requests =
          (MethodDescriptor.PrototypeMarshaller<?>) method.getMethodDescriptor().getRequestMarshaller();
      Message.Builder request = ((Message) requests.getMessagePrototype()).toBuilder();
      namingSender(request, "node-7", 0);

      assertEquals("node-7", CertifiedSender.senderOf(request.build()),
          method.getMethodDescriptor().getFullMethodName());
    }
  }

  @Test
  void aLeasesLaterStepsNameNoSender() {
    assertNull(CertifiedSender.senderOf(LeaseRequest.newBuilder().setWrite(LeaseWrite.getDefaultInstance()).build()));
  }

  @Test
  void aBatchOfReadsWhoseHeadersNameTwoSendersNamesNeither() {
    ReadBatch batch = ReadBatch.newBuilder()
        .addHeaders(Header.newBuilder().setSender("node-1"))
        .addHeaders(Header.newBuilder().setSender("node-2"))
        .build();

    String named = CertifiedSender.senderOf(batch);

    assertNotEquals("node-1", named);
    assertNotEquals("node-2", named);
  }

  @Test
  void aRequestOfAnUnknownKindNamesNoSenderAndIsRefused() {
    assertEquals("", CertifiedSender.senderOf("not a request"));
  }

  /** Sets every field named sender in the message and the messages it holds; whether it set one. */
  private static boolean namingSender(Message.Builder message, String sender, int depth) {
    boolean named = false;
    for (FieldDescriptor field : message.getDescriptorForType().getFields()) {
      if (field.isRepeated()) {
        if (field.getType() == FieldDescriptor.Type.MESSAGE && depth < 3) {
          // a batch whose elements name their sender names it once each
          Message.Builder element = message.newBuilderForField(field);
          if (namingSender(element, sender, depth + 1)) {
            message.addRepeatedField(field, element.build());
            message.addRepeatedField(field, element.build());
            named = true;
          }
        }
        continue;
      }
      if (field.getName().equals("sender") && field.getType() == FieldDescriptor.Type.STRING) {
        message.setField(field, sender);
        named = true;
      } else if (field.getType() == FieldDescriptor.Type.MESSAGE && depth < 3
          && (field.getContainingOneof() == null || !named)) {
        Message.Builder inner = message.newBuilderForField(field);
        if (namingSender(inner, sender, depth + 1)) {
          message.setField(field, inner.build());
          named = true;
        }
      }
    }
    return named;
  }
}
