package io.peanutcache.cluster.transport;

import com.google.protobuf.UnsafeByteOperations;
import io.peanutcache.cluster.hosting.CacheId;
import io.peanutcache.cluster.peers.ListenerEvent;
import io.peanutcache.cluster.peers.ListenerSpec;
import io.peanutcache.cluster.ring.ClusterView;
import io.peanutcache.cluster.transport.proto.EventKind;
import io.peanutcache.cluster.transport.proto.EventRequest;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import javax.cache.event.EventType;

/** Listener registrations, event types and events on the wire. */
final class ListenerWire {

  private ListenerWire() {}

  /**
   * The wire form of a registration.
   *
   * @param spec the registration
   * @return the message
   */
  static io.peanutcache.cluster.transport.proto.ListenerSpec spec(ListenerSpec spec) {
    io.peanutcache.cluster.transport.proto.ListenerSpec.Builder message =
        io.peanutcache.cluster.transport.proto.ListenerSpec.newBuilder().setNode(spec.node())
            .setId(spec.id()).setSynchronous(spec.synchronous()).setOldValueRequired(spec.oldValueRequired());
    for (EventType type : EventType.values()) {
      if (spec.types().contains(type)) {
        message.addKinds(kind(type));
      }
    }
    return message.build();
  }

  /**
   * The registration a message carries.
   *
   * @param message the message
   * @return the registration
   * @throws IllegalArgumentException for an event kind this version does not know
   */
  static ListenerSpec spec(io.peanutcache.cluster.transport.proto.ListenerSpec message) {
    Set<EventType> types = EnumSet.noneOf(EventType.class);
    for (EventKind kind : message.getKindsList()) {
      types.add(type(kind));
    }
    return new ListenerSpec(message.getNode(), message.getId(), types, message.getSynchronous(),
        message.getOldValueRequired());
  }

  /**
   * The registration a removal names: its node and id, all a removal needs. The kinds are left
   * out, so that a removal sent by a newer peer is never refused over a kind this version does not
   * know.
   *
   * @param message the message
   * @return the registration, with no event types
   */
  static ListenerSpec removal(io.peanutcache.cluster.transport.proto.ListenerSpec message) {
    return new ListenerSpec(message.getNode(), message.getId(), EnumSet.noneOf(EventType.class),
        message.getSynchronous(), message.getOldValueRequired());
  }

  /**
   * The wire forms of registrations.
   *
   * @param specs the registrations
   * @return the messages, in the same order
   */
  static List<io.peanutcache.cluster.transport.proto.ListenerSpec> specs(List<ListenerSpec> specs) {
    List<io.peanutcache.cluster.transport.proto.ListenerSpec> messages = new ArrayList<>(specs.size());
    for (ListenerSpec spec : specs) {
      messages.add(spec(spec));
    }
    return messages;
  }

  /**
   * The registrations messages carry.
   *
   * @param messages the messages
   * @return the registrations, in the same order
   */
  static List<ListenerSpec> fromWire(List<io.peanutcache.cluster.transport.proto.ListenerSpec> messages) {
    List<ListenerSpec> specs = new ArrayList<>(messages.size());
    for (io.peanutcache.cluster.transport.proto.ListenerSpec message : messages) {
      specs.add(spec(message));
    }
    return specs;
  }

  /**
   * The request that delivers an event.
   *
   * @param id the cache
   * @param view the sender's view, for the header
   * @param event the event
   * @return the request
   */
  static EventRequest event(CacheId id, ClusterView view, ListenerEvent event) {
    // the event's bytes were encoded for this request alone and are not modified
    EventRequest.Builder request = EventRequest.newBuilder()
        .setHeader(Headers.of(id, view))
        .setListenerId(event.listenerId())
        .setKind(kind(event.type()))
        .setKey(UnsafeByteOperations.unsafeWrap(event.key()));
    if (event.value() != null) {
      request.setHasValue(true).setValue(UnsafeByteOperations.unsafeWrap(event.value()));
    }
    if (event.oldValue() != null) {
      request.setHasOldValue(true).setOldValue(UnsafeByteOperations.unsafeWrap(event.oldValue()));
    }
    return request.build();
  }

  /**
   * The wire form of an event type.
   *
   * @param type the type
   * @return its kind
   */
  static EventKind kind(EventType type) {
    return switch (type) {
      case CREATED -> EventKind.EVENT_CREATED;
      case UPDATED -> EventKind.EVENT_UPDATED;
      case REMOVED -> EventKind.EVENT_REMOVED;
      case EXPIRED -> EventKind.EVENT_EXPIRED;
    };
  }

  /**
   * The event type of a wire kind.
   *
   * @param kind the kind
   * @return its type
   * @throws IllegalArgumentException for a kind this version does not know
   */
  static EventType type(EventKind kind) {
    return switch (kind) {
      case EVENT_CREATED -> EventType.CREATED;
      case EVENT_UPDATED -> EventType.UPDATED;
      case EVENT_REMOVED -> EventType.REMOVED;
      case EVENT_EXPIRED -> EventType.EXPIRED;
      case UNRECOGNIZED -> throw new IllegalArgumentException("unknown event kind; allowed: "
          + "EVENT_CREATED, EVENT_UPDATED, EVENT_REMOVED, EVENT_EXPIRED");
    };
  }
}
