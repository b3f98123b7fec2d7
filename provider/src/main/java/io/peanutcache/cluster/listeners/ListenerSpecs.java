package io.peanutcache.cluster.listeners;

import io.peanutcache.cluster.transport.proto.EventKind;
import io.peanutcache.cluster.transport.proto.ListenerSpec;
import io.peanutcache.event.ListenerDescriptor;
import java.util.EnumSet;
import java.util.Set;
import javax.cache.event.EventType;

/** Listener registrations and event types on the wire. */
public final class ListenerSpecs {

  private ListenerSpecs() {}

  /**
   * The wire form of a listener registered on {@code node}.
   *
   * @param node the member the listener runs on
   * @param descriptor the registration
   * @return the spec
   */
  static ListenerSpec of(String node, ListenerDescriptor descriptor) {
    ListenerSpec.Builder spec = ListenerSpec.newBuilder().setNode(node).setId(descriptor.id())
        .setSynchronous(descriptor.synchronous()).setOldValueRequired(descriptor.oldValueRequired());
    for (EventType type : EventType.values()) {
      if (descriptor.types().contains(type)) {
        spec.addKinds(kind(type));
      }
    }
    return spec.build();
  }

  /** The event types a spec's listener implements. */
  static Set<EventType> types(ListenerSpec spec) {
    EnumSet<EventType> types = EnumSet.noneOf(EventType.class);
    for (EventKind kind : spec.getKindsList()) {
      types.add(type(kind));
    }
    return types;
  }

  /**
   * The wire form of an event type.
   *
   * @param type the type
   * @return its kind
   */
  public static EventKind kind(EventType type) {
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
  public static EventType type(EventKind kind) {
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
