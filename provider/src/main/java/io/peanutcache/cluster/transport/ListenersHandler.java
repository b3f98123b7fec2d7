package io.peanutcache.cluster.transport;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.peanutcache.cluster.hosting.CacheId;
import io.peanutcache.cluster.hosting.HostedCache;
import io.peanutcache.cluster.peers.ListenerSpec;
import io.peanutcache.cluster.transport.proto.CacheRequest;
import io.peanutcache.cluster.transport.proto.EventRequest;
import io.peanutcache.cluster.transport.proto.Header;
import io.peanutcache.cluster.transport.proto.ListenerRequest;
import io.peanutcache.cluster.transport.proto.ListenersReply;
import io.peanutcache.cluster.transport.proto.Reply;
import javax.cache.event.EventType;

/**
 * Answers what peers say and ask of cluster-wide listeners: a listener registered or deregistered
 * on a peer, the listeners this node knows of a cache, and an event of a key a peer owns for a
 * listener registered on this node. Only a member may make these calls (see {@link MembersOnly}),
 * and it registers and deregisters only listeners of its own.
 */
final class ListenersHandler extends PeerHandler {

  private final MembersOnly members;

  ListenersHandler(PeerHost host, MembersOnly members) {
    super(host);
    this.members = members;
  }

  void addListener(ListenerRequest request, StreamObserver<Reply> out) {
    members.answer(this, "addListener", request.getHeader(), out, () -> {
      Header header = request.getHeader();
      ListenerSpec listener = ListenerWire.spec(request.getListener());
      requireOwnListener("addListener", header, listener);
      host.listeners().add(cache(header), listener);
      return Reply.getDefaultInstance();
    });
  }

  void removeListener(ListenerRequest request, StreamObserver<Reply> out) {
    members.answer(this, "removeListener", request.getHeader(), out, () -> {
      Header header = request.getHeader();
      ListenerSpec listener = ListenerWire.removal(request.getListener());
      requireOwnListener("removeListener", header, listener);
      HostedCache cache = host.caches().get(Headers.cacheId(header));
      if (cache != null) {
        host.listeners().remove(cache, listener);
      }
      return Reply.getDefaultInstance();
    });
  }

  void fetchListeners(CacheRequest request, StreamObserver<ListenersReply> out) {
    members.answer(this, "fetchListeners", request.getHeader(), out, () -> {
      Header header = request.getHeader();
      HostedCache cache = host.caches().get(Headers.cacheId(header));
      ListenersReply.Builder reply = ListenersReply.newBuilder();
      if (cache != null) {
        reply.addAllListeners(ListenerWire.specs(host.listeners().known(cache)));
      }
      return reply.build();
    });
  }

  void deliverEvent(EventRequest request, StreamObserver<Reply> out) {
    members.answer(this, "deliverEvent", request.getHeader(), out, () -> {
      CacheId id = Headers.cacheId(request.getHeader());
      HostedCache cache = host.caches().get(id);
      if (cache == null) {
        throw Status.NOT_FOUND.withDescription("cache " + id + " is not hosted on "
            + host.view().self().name()).asRuntimeException();
      }
      EventType type;
      try {
        type = ListenerWire.type(request.getKind());
      } catch (IllegalArgumentException e) {
        throw invalid(e.getMessage());
      }
      Object key = decode(cache, request.getKey(), "key");
      Object value = request.getHasValue() ? decode(cache, request.getValue(), "value") : null;
      Object oldValue = request.getHasOldValue() ? decode(cache, request.getOldValue(), "old value") : null;
      boolean delivered;
      try {
        delivered = cache.events().deliverNow(request.getListenerId(), type, key, value, oldValue);
      } catch (RuntimeException e) {
        return Reply.newBuilder().setFailure(Failures.of(e)).build();
      }
      if (!delivered) {
        throw Status.NOT_FOUND.withDescription("no listener " + request.getListenerId() + " of cache "
            + id + " is registered on " + host.view().self().name()).asRuntimeException();
      }
      return Reply.getDefaultInstance();
    });
  }

  /** Fails the call unless the listener it names is one of the sender's. */
  private void requireOwnListener(String call, Header header, ListenerSpec listener) {
    if (!listener.node().equals(header.getSender())) {
      throw Status.PERMISSION_DENIED.withDescription(call + " refused by " + host.view().self().name()
          + ": the sender " + header.getSender() + " names a listener of " + listener.node()
          + "; allowed: the listeners of the sender").asRuntimeException();
    }
  }
}
