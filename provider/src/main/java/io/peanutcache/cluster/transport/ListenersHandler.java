package io.peanutcache.cluster.transport;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.peanutcache.cluster.hosting.CacheId;
import io.peanutcache.cluster.hosting.HostedCache;
import io.peanutcache.cluster.transport.proto.EventRequest;
import io.peanutcache.cluster.transport.proto.ListenerRequest;
import io.peanutcache.cluster.transport.proto.Reply;
import javax.cache.event.EventType;

/**
 * Answers what peers say of cluster-wide listeners: a listener registered or deregistered on a
 * peer, and an event of a key a peer owns for a listener registered on this node.
 */
final class ListenersHandler extends PeerHandler {

  ListenersHandler(PeerHost host) {
    super(host);
  }

  void addListener(ListenerRequest request, StreamObserver<Reply> out) {
    answer(out, () -> {
      host.listeners().add(cache(request.getHeader()), ListenerWire.spec(request.getListener()));
      return Reply.getDefaultInstance();
    });
  }

  void removeListener(ListenerRequest request, StreamObserver<Reply> out) {
    answer(out, () -> {
      HostedCache cache = host.caches().get(Headers.cacheId(request.getHeader()));
      if (cache != null) {
        host.listeners().remove(cache, ListenerWire.removal(request.getListener()));
      }
      return Reply.getDefaultInstance();
    });
  }

  void deliverEvent(EventRequest request, StreamObserver<Reply> out) {
    answer(out, () -> {
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
}
