package io.peanutcache.cluster.routing;

import io.peanutcache.PeerException;
import io.peanutcache.cluster.membership.Member;
import io.peanutcache.cluster.peers.BulkCalls;
import io.peanutcache.cluster.peers.EncodedEntry;
import io.peanutcache.cluster.ring.ClusterView;
import io.peanutcache.engine.CacheOperations;
import io.peanutcache.engine.OwnerOperations;
import io.peanutcache.engine.LookaheadIterator;
import io.peanutcache.engine.PeanutCacheEntry;
import io.peanutcache.management.StatisticsRecorder;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
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

  private final BulkCalls owners;
  private final StatisticsRecorder stats;
  private final RoutedOperations<K, V> operations;
  private final Iterator<Cache.Entry<K, V>> localEntries;
  private final Deque<Member> peersLeft;
  private final ClusterView view;
  private final boolean readsLeaveExpiry;
  private Member streaming;
  private Iterator<EncodedEntry> stream;

  ClusterIterator(ClusterView view, BulkCalls owners, CacheOperations<K, V> local, OwnerOperations<K, V> engine,
      StatisticsRecorder stats,
      RoutedOperations<K, V> operations) {
    this.owners = owners;
    this.stats = stats;
    this.operations = operations;
    this.view = view;
    this.localEntries = local.iterator(stats);
    this.readsLeaveExpiry = engine.readsLeaveExpiry();
    this.peersLeft = new ArrayDeque<>(view.peers());
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
      if (stream != null && stream.hasNext()) {
        EncodedEntry entry = stream.next();
        stats.recordHits(1);
        if (!readsLeaveExpiry) {
          touch(entry);
        }
        return new PeanutCacheEntry<>(operations.decodeKey(entry.key()), operations.decodeValue(entry.value()));
      }
      Member peer = peersLeft.poll();
      if (peer == null) {
        return null;
      }
      streaming = peer;
      stream = owners.iterate(peer, view, view.partitionsOf(peer));
    }
  }

  /** Has the owner apply the access expiry to an entry this iteration returns. */
  private void touch(EncodedEntry entry) {
    try {
      owners.touch(streaming, view, entry.key());
    } catch (PeerException e) {
      // the entry was read all the same; only its access expiry is not renewed
    }
  }

  @Override
  public String toString() {
    return "ClusterIterator{" + operations.id() + ", " + operations.codec() + "}";
  }
}
