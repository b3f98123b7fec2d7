package io.peanutcache.cluster.transport;

import com.google.protobuf.ByteString;
import io.grpc.Context;
import io.peanutcache.cluster.hosting.CacheId;
import io.peanutcache.cluster.membership.Member;
import io.peanutcache.cluster.peers.BulkCalls;
import io.peanutcache.cluster.peers.EncodedEntry;
import io.peanutcache.cluster.peers.ProcessorResult;
import io.peanutcache.cluster.ring.ClusterView;
import io.peanutcache.cluster.transport.proto.CacheRequest;
import io.peanutcache.cluster.transport.proto.EntriesReply;
import io.peanutcache.cluster.transport.proto.EntriesRequest;
import io.peanutcache.cluster.transport.proto.Entry;
import io.peanutcache.cluster.transport.proto.InvokeAllReply;
import io.peanutcache.cluster.transport.proto.InvokeAllRequest;
import io.peanutcache.cluster.transport.proto.InvokeResult;
import io.peanutcache.cluster.transport.proto.IterateRequest;
import io.peanutcache.cluster.transport.proto.KeyRequest;
import io.peanutcache.cluster.transport.proto.KeysRequest;
import io.peanutcache.cluster.transport.proto.LoadAllRequest;
import io.peanutcache.cluster.transport.proto.RemoveAllRequest;
import io.peanutcache.cluster.transport.proto.StatisticsReply;
import io.peanutcache.management.ClusterStatistics;
import io.peanutcache.management.StatisticsRecorder;
import io.peanutcache.threads.DaemonThreads;
import java.lang.ref.Cleaner;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.Function;

/**
 * One cache's calls to each member for its share of a bulk operation, an iteration or the
 * statistics, over gRPC: the request carries the header of the view the keys were grouped by, the
 * reply's counts go into the caller's statistics and the owner's failure is thrown here (see
 * {@link Replies}). Replies that list keys are put back in the order of the request's keys.
 *
 * <p>An iteration's stream that its reader drops before its end is cancelled once the iterator is
 * garbage, so that the owner stops holding it before its deadline.
 */
public final class BulkClient extends CacheClient implements BulkCalls {

  /** Cancels the streams of iterators dropped before their end. */
  private static final Cleaner DROPPED_ITERATIONS = Cleaner.create(new DaemonThreads("peanutcache-iterations"));

  /**
   * The calls of one cache.
   *
   * @param clients the node's client of each peer
   * @param id the cache
   * @param readThrough whether the cache loads its misses
   */
  public BulkClient(Function<Member, PeerClient> clients, CacheId id, boolean readThrough) {
    super(clients, id, readThrough);
  }

  @Override
  public List<byte[]> getAll(Member owner, ClusterView view, List<byte[]> keys, StatisticsRecorder stats) {
    List<ByteString> encoded = encoded(keys);
    KeysRequest request = KeysRequest.newBuilder().setHeader(Headers.of(id, view)).addAllKeys(encoded).build();
    PeerClient client = clients.apply(owner);
    EntriesReply reply = client.call("getAll", id, reads, stub -> stub.getAll(request));
    Replies.record(reply.getCounts(), stats);
    if (reply.hasFailure()) {
      throw Replies.failure(reply.getFailure(), client);
    }
    Map<ByteString, Integer> positions = positions(encoded);
    byte[][] values = new byte[keys.size()][];
    for (Entry entry : reply.getEntriesList()) {
      Integer position = positions.get(entry.getKey());
      if (position != null) {
        values[position] = entry.getValue().toByteArray();
      }
    }
    return Arrays.asList(values);
  }

  @Override
  public void putAll(Member owner, ClusterView view, List<EncodedEntry> entries, StatisticsRecorder stats) {
    EntriesRequest.Builder request = EntriesRequest.newBuilder().setHeader(Headers.of(id, view));
    for (EncodedEntry entry : entries) {
      request.addEntries(Entry.newBuilder().setKey(ByteString.copyFrom(entry.key()))
          .setValue(ByteString.copyFrom(entry.value())));
    }
    PeerClient client = clients.apply(owner);
    Replies.check(client.call("putAll", id, stub -> stub.putAll(request.build())), client, stats);
  }

  @Override
  public void removeAll(Member owner, ClusterView view, List<byte[]> keys, StatisticsRecorder stats) {
    RemoveAllRequest request = RemoveAllRequest.newBuilder().setHeader(Headers.of(id, view))
        .addAllKeys(encoded(keys)).build();
    PeerClient client = clients.apply(owner);
    Replies.check(client.call("removeAll", id, stub -> stub.removeAll(request)), client, stats);
  }

  @Override
  public void removeAll(Member member, ClusterView view, StatisticsRecorder stats) {
    RemoveAllRequest request = RemoveAllRequest.newBuilder().setHeader(Headers.of(id, view)).setAll(true).build();
    PeerClient client = clients.apply(member);
    Replies.check(client.call("removeAll", id, stub -> stub.removeAll(request)), client, stats);
  }

  @Override
  public void loadAll(Member owner, ClusterView view, List<byte[]> keys, boolean replaceExisting) {
    LoadAllRequest request = LoadAllRequest.newBuilder().setHeader(Headers.of(id, view))
        .addAllKeys(encoded(keys)).setReplaceExisting(replaceExisting).build();
    PeerClient client = clients.apply(owner);
    Replies.check(client.call("loadAll", id, CallKind.LOAD, stub -> stub.loadAll(request)), client, null);
  }

  @Override
  public void clear(Member member, ClusterView view) {
    CacheRequest request = CacheRequest.newBuilder().setHeader(Headers.of(id, view)).build();
    PeerClient client = clients.apply(member);
    Replies.check(client.call("clear", id, stub -> stub.clear(request)), client, null);
  }

  @Override
  public List<ProcessorResult> invokeAll(Member owner, ClusterView view, List<byte[]> keys, byte[] processor,
      List<byte[]> arguments, StatisticsRecorder stats) {
    List<ByteString> encoded = encoded(keys);
    InvokeAllRequest request = InvokeAllRequest.newBuilder().setHeader(Headers.of(id, view))
        .addAllKeys(encoded).setProcessor(ByteString.copyFrom(processor))
        .addAllArguments(encoded(arguments)).build();
    PeerClient client = clients.apply(owner);
    InvokeAllReply reply = client.call("invokeAll", id, processors, stub -> stub.invokeAll(request));
    Replies.record(reply.getCounts(), stats);
    if (reply.hasFailure()) {
      throw Replies.failure(reply.getFailure(), client);
    }
    Map<ByteString, Integer> positions = positions(encoded);
    ProcessorResult[] results = new ProcessorResult[keys.size()];
    for (InvokeResult result : reply.getResultsList()) {
      Integer position = positions.get(result.getKey());
      if (position == null) {
        continue;
      }
      if (result.hasFailure()) {
        results[position] = new ProcessorResult(null, Replies.failure(result.getFailure(), client));
      } else if (result.getPresent()) {
        results[position] = new ProcessorResult(result.getValue().toByteArray(), null);
      }
    }
    return Arrays.asList(results);
  }

  @Override
  public ClusterStatistics.NodeShare statistics(Member member, ClusterView view) {
    StatisticsReply share = clients.apply(member).call("statistics", id, CallKind.READ, stub -> stub.statistics(
        CacheRequest.newBuilder().setHeader(Headers.of(id, view)).build()));
    return new ClusterStatistics.NodeShare(share.getHits(), share.getMisses(), share.getPuts(),
        share.getRemovals(), share.getEvictions(), share.getHandles());
  }

  @Override
  public Iterator<EncodedEntry> iterate(Member member, ClusterView view, int[] partitions) {
    IterateRequest.Builder request = IterateRequest.newBuilder().setHeader(Headers.of(id, view));
    for (int partition : partitions) {
      request.addPartitions(partition);
    }
    // the stream is bound to this context, which the cleaner cancels once the iterator is garbage
    Context.CancellableContext stream = Context.current().withCancellation();
    Iterator<EntriesReply> chunks;
    Context outer = stream.attach();
    try {
      chunks = clients.apply(member).call("iterate", id, CallKind.STREAM, stub -> stub.iterate(request.build()));
    } finally {
      stream.detach(outer);
    }
    Iterator<EncodedEntry> entries = new Iterator<>() {
      private Iterator<Entry> chunk = Collections.emptyIterator();

      @Override
      public boolean hasNext() {
        while (!chunk.hasNext()) {
          if (!chunks.hasNext()) {
            return false;
          }
          chunk = chunks.next().getEntriesList().iterator();
        }
        return true;
      }

      @Override
      public EncodedEntry next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        Entry entry = chunk.next();
        return new EncodedEntry(entry.getKey().toByteArray(), entry.getValue().toByteArray());
      }
    };
    DROPPED_ITERATIONS.register(entries, () -> stream.cancel(null));
    return entries;
  }

  @Override
  public void touch(Member owner, ClusterView view, byte[] key) {
    KeyRequest request = KeyRequest.newBuilder().setHeader(Headers.of(id, view)).setKey(ByteString.copyFrom(key))
        .build();
    // the owner's answer is left alone: the entry was read all the same
    clients.apply(owner).call("touch", id, stub -> stub.touch(request));
  }

  private static List<ByteString> encoded(List<byte[]> bytes) {
    List<ByteString> encoded = new ArrayList<>(bytes.size());
    for (byte[] one : bytes) {
      encoded.add(ByteString.copyFrom(one));
    }
    return encoded;
  }

  /** Where each key stands in a request, to put the reply's keys back in its order. */
  private static Map<ByteString, Integer> positions(List<ByteString> keys) {
    Map<ByteString, Integer> positions = new HashMap<>();
    for (int i = 0; i < keys.size(); i++) {
      positions.put(keys.get(i), i);
    }
    return positions;
  }
}
