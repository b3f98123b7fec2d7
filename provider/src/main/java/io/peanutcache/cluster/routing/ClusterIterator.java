package io.peanutcache.cluster.routing;

import io.peanutcache.codec.ValueCodec;
import io.peanutcache.cluster.hosting.CacheId;
import io.peanutcache.cluster.ring.ClusterView;
import io.peanutcache.cluster.Node;
import io.peanutcache.cluster.membership.Member;
import io.peanutcache.cluster.transport.CallKind;
import io.peanutcache.cluster.transport.proto.EntriesReply;
import io.peanutcache.cluster.transport.proto.Entry;
import io.peanutcache.PeerException;
import io.peanutcache.cluster.transport.proto.IterateRequest;
import io.peanutcache.cluster.transport.proto.KeyRequest;
import io.peanutcache.engine.CacheEngine;
import io.peanutcache.engine.LookaheadIterator;
import io.peanutcache.engine.PeanutCacheEntry;
import io.peanutcache.management.StatisticsRecorder;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import javax.cache.Cache;

/**
 * Iterates over a cache's entries on every node: first this node's, then each other member's
 * partitions, streamed from that member in chunks as the iteration reaches them. Each entry counts
 * as a read in this handle's statistics, and when the expiry policy may change an entry's expiry
 * on access, the owner applies it as the iteration returns the entry, not when it lists it;
 * {@link #remove()} removes the last entry through its owner.
 *
 * @param <K> the type of keys
 * @param <V> the type of values
 */
final class ClusterIterator<K, V> extends LookaheadIterator<K, V> {

  private final Node node;
  private final CacheId id;
  private final ValueCodec codec;
  private final StatisticsRecorder stats;
  private final RoutedOperations<K, V> operations;
  private final Iterator<Cache.Entry<K, V>> localEntries;
  private final Deque<Member> peersLeft;
  private final ClusterView view;
  private final boolean readsLeaveExpiry;
  private Member streaming;
  private Iterator<EntriesReply> stream;
  private final Deque<Entry> chunk = new ArrayDeque<>();

  ClusterIterator(Node node, CacheId id, CacheEngine<K, V> local, ValueCodec codec,
      StatisticsRecorder stats, RoutedOperations<K, V> operations) {
    this.node = node;
    this.id = id;
    this.codec = codec;
    this.stats = stats;
    this.operations = operations;
    this.view = node.view();
    this.localEntries = local.iterator(stats);
    this.readsLeaveExpiry = local.readsLeaveExpiry();
    List<Member> others = new ArrayList<>();
    for (Member member : view.members()) {
      if (!view.isSelf(member)) {
        others.add(member);
      }
    }
    this.peersLeft = new ArrayDeque<>(others);
  }

  @Override
  protected void removeFromCache(K key) {
    operations.remove(key, stats);
  }

  @Override
  protected Cache.Entry<K, V> advance() {
    if (localEntries.hasNext()) {
      return localEntries.next();
    }
    while (true) {
      if (!chunk.isEmpty()) {
        Entry entry = chunk.poll();
        stats.recordHits(1);
        if (!readsLeaveExpiry) {
          touch(entry);
        }
        return new PeanutCacheEntry<>(operations.decodeKey(entry.getKey()), operations.decodeValue(entry.getValue()));
      }
      if (stream != null && stream.hasNext()) {
        chunk.addAll(stream.next().getEntriesList());
        continue;
      }
      Member peer = peersLeft.poll();
      if (peer == null) {
        return null;
      }
      IterateRequest.Builder request = IterateRequest.newBuilder().setHeader(Node.header(id, view));
      for (int partition : view.partitionsOf(peer)) {
        request.addPartitions(partition);
      }
      streaming = peer;
      stream = node.client(peer).call("iterate", id, CallKind.STREAM, stub -> stub.iterate(request.build()));
    }
  }

  /** Has the owner apply the access expiry to an entry this iteration returns. */
  private void touch(Entry entry) {
    KeyRequest request = KeyRequest.newBuilder().setHeader(Node.header(id, view)).setKey(entry.getKey()).build();
    try {
      node.client(streaming).call("touch", id, stub -> stub.touch(request));
    } catch (PeerException e) {
      // the entry was read all the same; only its access expiry is not renewed
    }
  }

  @Override
  public String toString() {
    return "ClusterIterator{" + id + ", " + codec + "}";
  }
}
