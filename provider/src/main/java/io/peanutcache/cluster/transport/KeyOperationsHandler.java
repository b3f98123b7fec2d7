package io.peanutcache.cluster.transport;

import com.google.protobuf.ByteString;
import io.grpc.stub.StreamObserver;
import io.peanutcache.CodecException;
import io.peanutcache.cluster.hosting.HostedCache;
import io.peanutcache.cluster.ring.ClusterView;
import io.peanutcache.cluster.transport.proto.Header;
import io.peanutcache.cluster.transport.proto.InvokeRequest;
import io.peanutcache.cluster.transport.proto.KeyRequest;
import io.peanutcache.cluster.transport.proto.PutRequest;
import io.peanutcache.cluster.transport.proto.RemoveRequest;
import io.peanutcache.cluster.transport.proto.ReplaceRequest;
import io.peanutcache.cluster.transport.proto.Reply;
import io.peanutcache.codec.ValueCodec;
import io.peanutcache.engine.CacheEngine;
import javax.cache.processor.EntryProcessor;

/**
 * Answers the operations on one key a peer forwards to this node, the key's owner: get, containsKey,
 * put, remove, replace and invoke. A get that is a plain hit is answered on the network thread;
 * everything else runs on the node's executor.
 */
final class KeyOperationsHandler extends PeerHandler {

  KeyOperationsHandler(PeerHost host) {
    super(host);
  }

  void get(KeyRequest request, StreamObserver<Reply> out) {
    get(CallScope.current(), request.getHeader(), request.getKey(), out);
  }

  /**
   * Answers a get of {@code key}: a plain hit at once on this thread, anything else on the
   * executor, within the deadline of {@code scope}.
   */
  void get(CallScope scope, Header header, ByteString key, StreamObserver<Reply> out) {
    Reply hit = hitWithoutBlocking(header, key);
    if (hit != null) {
      try {
        out.onNext(hit);
        out.onCompleted();
      } catch (io.grpc.StatusRuntimeException tooLarge) {
        // the reply was above peanutcache.max-message-size: the call has failed with that
      }
      return;
    }
    keyed(scope, header, key, out, (cache, decoded, counts) ->
        valueReply(cache, cache.engine().get(decoded, counts), counts));
  }

  /**
   * Answers a get on the network thread when it is a plain hit that runs no application code;
   * null when the request must take the full path on the executor.
   */
  private Reply hitWithoutBlocking(Header header, ByteString keyBytes) {
    HostedCache cache = host.caches().get(Headers.cacheId(header));
    if (cache == null) {
      return null;
    }
    byte[] bytes = WireBytes.array(keyBytes);
    if (!ValueCodec.isBuiltIn(bytes)) {
      // Java serialization loads classes and runs their code: never on the network thread
      return null;
    }
    if (header.getSentAtMillis() < host.resumedAtMillis()) {
      return null; // sent before this node came back from a pause: the full path refuses it
    }
    ClusterView view = host.view();
    int partition = view.partitionOf(bytes);
    if (!view.ownsPartitionSince(partition, header.getEpoch()) || !host.gate().isOpen(partition)) {
      return null;
    }
    Object key;
    try {
      key = cache.codec().decode(bytes);
    } catch (CodecException e) {
      return null;
    }
    RemoteCounts counts = new RemoteCounts();
    byte[] value = cache.owner().encodedHitWithoutBlocking(key, counts, cache.codec());
    if (value == null) {
      return null;
    }
    host.caches().startOwnerOperations(1);
    return encodedValueReply(value, counts);
  }

  void containsKey(KeyRequest request, StreamObserver<Reply> out) {
    keyed(request.getHeader(), request.getKey(), out, (cache, key, counts) ->
        Reply.newBuilder().setFlag(cache.engine().containsKey(key)).build());
  }

  void put(PutRequest request, StreamObserver<Reply> out) {
    keyed(request.getHeader(), request.getKey(), out, (cache, key, counts) -> {
      Object value = decode(cache, request.getValue(), "value");
      CacheEngine<Object, Object> engine = cache.engine();
      return switch (request.getMode()) {
        case PUT -> {
          engine.put(key, value, counts);
          yield Reply.newBuilder().setCounts(counts.toProto()).build();
        }
        case GET_AND_PUT -> valueReply(cache, engine.getAndPut(key, value, counts), counts);
        case PUT_IF_ABSENT -> flagReply(engine.putIfAbsent(key, value, counts), counts);
        case UNRECOGNIZED -> throw invalid("unknown put mode " + request.getModeValue());
      };
    });
  }

  void remove(RemoveRequest request, StreamObserver<Reply> out) {
    keyed(request.getHeader(), request.getKey(), out, (cache, key, counts) -> {
      CacheEngine<Object, Object> engine = cache.engine();
      return switch (request.getMode()) {
        case REMOVE -> flagReply(engine.remove(key, counts), counts);
        case GET_AND_REMOVE -> valueReply(cache, engine.getAndRemove(key, counts), counts);
        case REMOVE_IF_EQUAL -> flagReply(
            engine.remove(key, decode(cache, request.getExpected(), "expected value"), counts), counts);
        case UNRECOGNIZED -> throw invalid("unknown remove mode " + request.getModeValue());
      };
    });
  }

  void replace(ReplaceRequest request, StreamObserver<Reply> out) {
    keyed(request.getHeader(), request.getKey(), out, (cache, key, counts) -> {
      Object value = decode(cache, request.getValue(), "value");
      CacheEngine<Object, Object> engine = cache.engine();
      return switch (request.getMode()) {
        case REPLACE -> flagReply(engine.replace(key, value, counts), counts);
        case GET_AND_REPLACE -> valueReply(cache, engine.getAndReplace(key, value, counts), counts);
        case REPLACE_IF_EQUAL -> flagReply(engine.replace(key,
            decode(cache, request.getExpected(), "expected value"), value, counts), counts);
        case UNRECOGNIZED -> throw invalid("unknown replace mode " + request.getModeValue());
      };
    });
  }

  void invoke(InvokeRequest request, StreamObserver<Reply> out) {
    keyed(request.getHeader(), request.getKey(), out, (cache, key, counts) -> {
      EntryProcessor<Object, Object, Object> processor = processor(cache, request.getProcessor());
      Object[] arguments = arguments(cache, request.getArgumentsList());
      return valueReply(cache, cache.engine().invoke(key, processor, arguments, counts), counts);
    });
  }
}
