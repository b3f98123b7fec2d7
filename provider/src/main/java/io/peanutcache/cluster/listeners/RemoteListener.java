package io.peanutcache.cluster.listeners;

import com.google.protobuf.ByteString;
import io.peanutcache.cluster.ring.ClusterView;
import io.peanutcache.cluster.hosting.HostedCache;
import io.peanutcache.cluster.Node;
import io.peanutcache.cluster.membership.Member;
import io.peanutcache.PeerException;
import io.peanutcache.cluster.transport.Replies;
import io.peanutcache.cluster.transport.proto.EventRequest;
import io.peanutcache.cluster.transport.proto.ListenerSpec;
import io.peanutcache.cluster.transport.proto.Reply;
import io.peanutcache.event.Change;
import io.peanutcache.event.EventSink;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.cache.event.EventType;

/**
 * A listener registered on another node, as the node that owns keys sees it: each event of its
 * types is sent there in one call, which returns once the listener has run.
 *
 * <p>A listener that failed there fails here with the same type, so a synchronous listener's
 * failure reaches the operation that caused the event. A node that no longer knows the
 * registration (it was deregistered, or the node restarted) makes this sink remove itself; a node
 * that cannot be reached loses the event, which is logged once per outage, and the operation goes
 * on.
 */
final class RemoteListener implements EventSink<Object, Object> {

  private static final System.Logger LOG = System.getLogger(RemoteListener.class.getName());

  private final Node node;
  private final HostedCache cache;
  private final ListenerSpec spec;
  private final Set<EventType> types;
  private final Runnable whenGone;
  private final AtomicBoolean unreachable = new AtomicBoolean();

  /**
   * A sink sending to the listener of {@code spec}.
   *
   * @param node this node
   * @param cache the cache whose events are sent
   * @param spec the listener's registration
   * @param whenGone removes this sink, once the listener's node has said it no longer knows it
   */
  RemoteListener(Node node, HostedCache cache, ListenerSpec spec, Runnable whenGone) {
    this.node = node;
    this.cache = cache;
    this.spec = spec;
    this.types = ListenerSpecs.types(spec);
    this.whenGone = whenGone;
  }

  ListenerSpec spec() {
    return spec;
  }

  @Override
  public boolean listensTo(EventType type) {
    return types.contains(type);
  }

  @Override
  public boolean isSynchronous() {
    return spec.getSynchronous();
  }

  @Override
  public void deliver(Change<Object, Object> event) {
    ClusterView view = node.view();
    Member target = view.member(spec.getNode());
    if (target == null) {
      whenGone.run();
      return;
    }
    EventRequest request = request(view, event);
    Reply reply;
    try {
      reply = node.client(target).call("deliverEvent", cache.id(), stub -> stub.deliverEvent(request));
    } catch (PeerException e) {
      if (e.isNotFound()) {
        whenGone.run();
      } else if (unreachable.compareAndSet(false, true)) {
        LOG.log(System.Logger.Level.WARNING, "events of cache {0} are not reaching a listener on {1}: {2}",
            cache.id(), target.name(), e.getMessage());
      }
      return;
    }
    if (unreachable.compareAndSet(true, false)) {
      LOG.log(System.Logger.Level.INFO, "events of cache {0} reach the listener on {1} again",
          cache.id(), target.name());
    }
    if (reply.hasFailure()) {
      throw Replies.failure(reply.getFailure(), target);
    }
  }

  private EventRequest request(ClusterView view, Change<Object, Object> event) {
    EventRequest.Builder request = EventRequest.newBuilder()
        .setHeader(Node.header(cache.id(), view))
        .setListenerId(spec.getId())
        .setKind(ListenerSpecs.kind(event.type()))
        .setKey(ByteString.copyFrom(cache.codec().encode(event.key())));
    if (event.value() != null) {
      request.setHasValue(true).setValue(ByteString.copyFrom(cache.codec().encode(event.value())));
    }
    // a removed or expired entry's value is its old value: the event carries both, as on the owner
    boolean removal = event.type() == EventType.REMOVED || event.type() == EventType.EXPIRED;
    if ((spec.getOldValueRequired() || removal) && event.oldValue() != null) {
      request.setHasOldValue(true).setOldValue(ByteString.copyFrom(cache.codec().encode(event.oldValue())));
    }
    return request.build();
  }

  @Override
  public void close() {
    // nothing is held for the listener here; it runs, and is closed, on its own node
  }
}
