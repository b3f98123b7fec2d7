package io.peanutcache.cluster.transport;

import com.google.protobuf.ByteString;
import io.grpc.stub.StreamObserver;
import io.peanutcache.cluster.hosting.HostedCache;
import io.peanutcache.cluster.transport.proto.CacheRequest;
import io.peanutcache.cluster.transport.proto.EntriesReply;
import io.peanutcache.cluster.transport.proto.EntriesRequest;
import io.peanutcache.cluster.transport.proto.Entry;
import io.peanutcache.cluster.transport.proto.Header;
import io.peanutcache.cluster.transport.proto.InvokeAllReply;
import io.peanutcache.cluster.transport.proto.InvokeAllRequest;
import io.peanutcache.cluster.transport.proto.InvokeResult;
import io.peanutcache.cluster.transport.proto.KeysRequest;
import io.peanutcache.cluster.transport.proto.LoadAllRequest;
import io.peanutcache.cluster.transport.proto.RemoveAllRequest;
import io.peanutcache.cluster.transport.proto.Reply;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.EntryProcessorResult;

/**
 * Answers a peer's share of an operation on many keys or on every key: getAll, putAll, removeAll,
 * loadAll, clear and invokeAll, each on the node's executor. Every key must be one this node owns;
 * only a member may clear (see {@link MembersOnly}).
 */
final class BulkOperationsHandler extends PeerHandler {

  private final MembersOnly members;

  BulkOperationsHandler(PeerHost host, MembersOnly members) {
    super(host);
    this.members = members;
  }

  void getAll(KeysRequest request, StreamObserver<EntriesReply> out) {
    answer(out, () -> {
      HostedCache cache = cache(request.getHeader());
      Map<Object, ByteString> keys = ownedKeys(cache, request.getHeader(), request.getKeysList());
      RemoteCounts counts = new RemoteCounts();
      EntriesReply.Builder reply = EntriesReply.newBuilder();
      try {
        Map<Object, Object> values = cache.engine().getAll(keys.keySet(), counts);
        for (Map.Entry<Object, Object> entry : values.entrySet()) {
          reply.addEntries(Entry.newBuilder().setKey(keys.get(entry.getKey()))
              .setValue(encode(cache, entry.getValue())));
        }
      } catch (RuntimeException e) {
        reply.clearEntries().setFailure(Failures.of(e));
      }
      return reply.setCounts(counts.toProto()).build();
    });
  }

  void putAll(EntriesRequest request, StreamObserver<Reply> out) {
    answer(out, () -> {
      HostedCache cache = cache(request.getHeader());
      Map<Object, Object> entries = new LinkedHashMap<>();
      for (Entry entry : request.getEntriesList()) {
        Object key = decode(cache, entry.getKey(), "key");
        requireOwner(request.getHeader(), entry.getKey().toByteArray());
        entries.put(key, decode(cache, entry.getValue(), "value"));
      }
      return run(counts -> cache.engine().putAll(entries, counts));
    });
  }

  void removeAll(RemoveAllRequest request, StreamObserver<Reply> out) {
    answer(out, () -> {
      HostedCache cache = cache(request.getHeader());
      if (request.getAll()) {
        return run(counts -> cache.engine().removeAll(counts));
      }
      Set<Object> keys = ownedKeys(cache, request.getHeader(), request.getKeysList()).keySet();
      return run(counts -> cache.engine().removeAll(keys, counts));
    });
  }

  void loadAll(LoadAllRequest request, StreamObserver<Reply> out) {
    answer(out, () -> {
      HostedCache cache = cache(request.getHeader());
      Set<Object> keys = ownedKeys(cache, request.getHeader(), request.getKeysList()).keySet();
      return run(counts -> cache.engine().loadAll(keys, request.getReplaceExisting()));
    });
  }

  void clear(CacheRequest request, StreamObserver<Reply> out) {
    members.answer(this, "clear", request.getHeader(), out, () -> {
      Header header = request.getHeader();
      HostedCache cache = cache(header);
      return run(counts -> cache.engine().clear());
    });
  }

  void invokeAll(InvokeAllRequest request, StreamObserver<InvokeAllReply> out) {
    answer(out, () -> {
      HostedCache cache = cache(request.getHeader());
      Map<Object, ByteString> keys = ownedKeys(cache, request.getHeader(), request.getKeysList());
      RemoteCounts counts = new RemoteCounts();
      InvokeAllReply.Builder reply = InvokeAllReply.newBuilder();
      try {
        EntryProcessor<Object, Object, Object> processor = processor(cache, request.getProcessor());
        Object[] arguments = arguments(cache, request.getArgumentsList());
        Map<Object, EntryProcessorResult<Object>> results =
            cache.engine().invokeAll(keys.keySet(), processor, arguments, counts);
        for (Map.Entry<Object, EntryProcessorResult<Object>> result : results.entrySet()) {
          InvokeResult.Builder one = InvokeResult.newBuilder().setKey(keys.get(result.getKey()));
          try {
            Object value = result.getValue().get();
            if (value != null) {
              one.setPresent(true).setValue(encode(cache, value));
            }
          } catch (RuntimeException e) {
            one.setFailure(Failures.of(e));
          }
          reply.addResults(one);
        }
      } catch (RuntimeException e) {
        reply.clearResults().setFailure(Failures.of(e));
      }
      return reply.setCounts(counts.toProto()).build();
    });
  }
}
