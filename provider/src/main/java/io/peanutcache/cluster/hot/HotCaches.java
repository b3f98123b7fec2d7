package io.peanutcache.cluster.hot;

import io.peanutcache.PeanutConfiguration;
import io.peanutcache.cluster.hosting.CacheId;
import io.peanutcache.cluster.hosting.HostedCache;
import io.peanutcache.cluster.peers.HotInvalidations;
import io.peanutcache.cluster.peers.HotPeers;
import io.peanutcache.cluster.ring.ClusterView;
import io.peanutcache.store.TimeSource;
import java.util.Collection;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import io.peanutcache.cluster.peers.HotStamp;

/**
 * The hot caches of one node: for every hosted cache whose configuration turns the hot cache on,
 * the sequences of the partitions this node owns (the owner's side) and the copies it keeps of
 * entries others own (the copier's side), and the thread that sends this node's changes.
 *
 * <p>A cache gets its hot-cache state when it is defined on the node, before any operation can
 * reach it, so that no change goes unnumbered; it loses it when it is destroyed.
 */
public final class HotCaches implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(HotCaches.class.getName());

  private final Supplier<ClusterView> views;
  private final TimeSource time;
  private final ConcurrentHashMap<CacheId, OwnerSequences> owners = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<CacheId, HotCache> copies = new ConcurrentHashMap<>();
  private final InvalidationSender sender;

  /**
   * The hot caches of a node, none yet.
   *
   * @param nodeName the node's name, for its thread
   * @param views the node's current view
   * @param peers sends this node's changes to the other nodes
   * @param time the clock of copies' deadlines
   */
  public HotCaches(String nodeName, Supplier<ClusterView> views, HotPeers peers, TimeSource time) {
    this.views = views;
    this.time = time;
    Supplier<Collection<OwnerSequences>> all = owners::values;
    this.sender = new InvalidationSender(nodeName, views, peers, all);
  }

  /**
   * Sets up the hot cache of a cache just defined on this node, if its configuration turns it on
   * and its expiry policy leaves expiry alone on reads (see
   * {@link PeanutConfiguration#setHotCache}). Call before the cache can be reached.
   *
   * @param cache the hosted cache
   */
  public void defined(HostedCache cache) {
    PeanutConfiguration<Object, Object> configuration = cache.configuration();
    if (!configuration.isHotCacheEnabled() || !configuration.isStoreByValue()) {
      return;
    }
    if (!cache.owner().readsLeaveExpiry()) {
      LOG.log(System.Logger.Level.WARNING, "cache {0} turns the hot cache on, but its expiry policy"
          + " may change an entry''s expiry when it is read, which a hot copy cannot do on the owner;"
          + " the hot cache stays off. Allowed: JSR-107''s eternal, created or modified expiry policy",
          cache.id());
      return;
    }
    int partitions = views.get().partitionCount();
    OwnerSequences sequences = new OwnerSequences(cache.id(), cache.codec(), views, partitions,
        sender::flushSoon, key -> cache.owner().expiresInNanos(cache.codec().decode(key)));
    owners.put(cache.id(), sequences);
    cache.owner().observeChanges(sequences);
    copies.put(cache.id(), new HotCache(configuration.getHotCacheMaximumEntries().getAsLong(),
        configuration.getHotCacheMaximumAge().orElseThrow().toNanos(), cache.codec(), time, views,
        partitions));
  }

  /**
   * Forgets the hot cache of a cache destroyed on this node.
   *
   * @param id the cache
   */
  public void destroyed(CacheId id) {
    OwnerSequences sequences = owners.remove(id);
    if (sequences != null) {
      sequences.close();
    }
    HotCache hot = copies.remove(id);
    if (hot != null) {
      hot.clear();
    }
  }

  /**
   * How many gets this node served from copies, every cache together, since the caches were made.
   *
   * @return the number of hot-cache hits of the caches hosted now
   */
  public long hits() {
    return copies.values().stream().mapToLong(HotCache::hits).sum();
  }

  /**
   * This node's copies of a cache's entries.
   *
   * @param id the cache
   * @return its hot cache, or null if the cache has none here
   */
  public HotCache copies(CacheId id) {
    return copies.get(id);
  }

  /**
   * Starts the stamp of a value this node sends for a hot copy: reads the partition's sequence
   * now, so call it before the value is read, and the entry's remaining life when the stamp is
   * asked for, after the value was read.
   *
   * @param id the cache
   * @param key the encoded key asked for; not modified later
   * @return gives the stamp once the value was read; null if the cache keeps no sequences on this
   *     node, so that no copy may be kept
   */
  public Supplier<HotStamp> stamp(CacheId id, byte[] key) {
    OwnerSequences sequences = owners.get(id);
    if (sequences == null) {
      return null;
    }
    long sequence = sequences.sequence(views.get().partitionOf(key));
    return () -> new HotStamp(sequences.incarnation(), sequence, sequences.expiresInNanos(key));
  }

  /**
   * Applies a batch an owner sent to the copies of its cache on this node.
   *
   * @param batch the batch
   */
  public void receive(HotInvalidations batch) {
    HotCache hot = copies.get(batch.cache());
    if (hot != null) {
      hot.apply(batch);
    }
  }

  /**
   * Drops the copies of the partitions that moved between two views of this node.
   *
   * @param previous the view before
   * @param next the view after, already current
   */
  public void viewChanged(ClusterView previous, ClusterView next) {
    for (HotCache hot : copies.values()) {
      hot.viewChanged(previous, next);
    }
  }

  /** Drops every copy this node keeps: it was paused, and may have missed the owners' changes. */
  public void dropAll() {
    for (HotCache hot : copies.values()) {
      hot.forgetAll();
    }
  }

  /** Stops sending and counting; the node is stopping. */
  @Override
  public void close() {
    owners.values().forEach(OwnerSequences::close);
    sender.close();
  }
}
