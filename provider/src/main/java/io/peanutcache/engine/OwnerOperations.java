package io.peanutcache.engine;

import io.peanutcache.codec.ValueCodec;
import io.peanutcache.management.StatisticsRecorder;
import io.peanutcache.store.StoreChanges;
import java.util.Iterator;
import java.util.function.Predicate;
import java.util.function.Supplier;
import javax.cache.Cache;

/**
 * What the cluster asks of this node's engine of a cache beyond the JCache operations: the reads,
 * writes and counts through which other nodes iterate, run entry processors under a lease, keep
 * hot copies and learn how the node loads, and the maintenance the node does when partitions move.
 * None of them counts in a handle's statistics unless it takes one.
 *
 * @param <K> the type of keys
 * @param <V> the type of values
 */
public interface OwnerOperations<K, V> {

  /**
   * The encoding of {@code key}'s value if reading it runs no code of the application's: only for
   * caches whose entries never expire and that have no listeners, and only for a hit. A peer's
   * request that gets a value here is answered at once, on the network thread. A store-by-value
   * cache hands out the encoding it stores, without copying it: the caller sends it and never
   * changes it.
   *
   * @param key the key
   * @param stats where the hit is counted
   * @param codec encodes the value of a store-by-reference cache
   * @return the encoding of the value of a hit, or null when the full get must run (nothing is
   *     counted)
   */
  byte[] encodedHitWithoutBlocking(K key, StatisticsRecorder stats, ValueCodec codec);

  /**
   * Whether reading an entry never changes its expiry, so that a copy of it kept elsewhere can be
   * read without telling this engine: true for JSR-107's eternal, created and modified policies.
   *
   * @return true if the expiry policy ignores access
   */
  boolean readsLeaveExpiry();

  /**
   * How long the live entry of {@code key} has left before it expires, for a copy kept elsewhere
   * that must not outlive it.
   *
   * @param key the key
   * @return the nanoseconds left; {@link Long#MAX_VALUE} if entries of this cache never expire or
   *     this one does not; 0 if the key has no live entry
   */
  long expiresInNanos(K key);

  /**
   * Tells {@code observer} of every change to the entries from now on, for copies kept elsewhere
   * (see {@link io.peanutcache.store.LocalStore#observeChanges}). Install it before the cache can
   * be reached.
   *
   * @param observer hears of the changes; null to stop
   */
  void observeChanges(StoreChanges observer);

  /**
   * Whether a miss loads through the cache's loader.
   *
   * @return true if read-through is on and there is a loader
   */
  boolean isReadThrough();

  /**
   * Loads {@code key} through the loader without storing it: what a node returns when the key's
   * owner cannot be reached. Concurrent calls for one key share one load.
   *
   * @param key the key
   * @return the loaded value, or null (always null without read-through)
   */
  V loadWithoutStoring(K key);

  /**
   * Lists the live entries for another node, which reads each one through {@link #touch} as its
   * iteration reaches it: listing counts nothing and applies no access expiry.
   *
   * @return the entries
   */
  Iterator<Cache.Entry<K, V>> listing();

  /**
   * Applies the access expiry to the live entry of {@code key}, for an iteration on another node
   * that has just returned it; counts nothing and loads nothing.
   *
   * @param key the key
   */
  void touch(K key);

  /**
   * A key's live value and its entry's version, for an entry processor that runs on another node
   * or under the key's lease.
   *
   * @param key the key
   * @return the value (null when the key has no live entry) and the version (null then)
   */
  VersionedValue<V> readVersioned(K key);

  /**
   * The entry an entry processor that runs outside this engine (under the key's lease) works on:
   * a value it reads on a missing entry is loaded through this node's loader, with read-through.
   *
   * @param key the key
   * @param existing supplies the live value when first read, or null if the key has no live entry
   * @return the entry, whose outcome {@link #applyIfUnchanged} applies
   */
  ProcessorEntry<K, V> processorEntry(K key, Supplier<V> existing);

  /**
   * Applies what an entry processor that ran elsewhere did, with the writer, expiry policy and
   * events of the matching operation, if the entry still has the version it read.
   *
   * @param key the key
   * @param version the version the processor read, null if the key had no live entry
   * @param outcome what the processor did
   * @param value the value it set or loaded, or null
   * @return whether the outcome was applied; false if the entry changed since it was read
   */
  boolean applyIfUnchanged(K key, Object version, ProcessorEntry.Outcome outcome, V value);

  /**
   * Drops, without events, writing through or counting, the entries whose keys no longer belong
   * here: this node stopped owning their partitions, and their new owner loads or receives them
   * afresh. Keeping them would serve stale values should the partitions come back.
   *
   * @param moved whether a key's entry is to go
   * @return how many entries were dropped
   */
  int dropEntries(Predicate<Object> moved);

  /**
   * The live entries this node holds whose keys pass {@code which}, for their new owner: weakly
   * consistent, as an iteration is; an entry that expires meanwhile may be left out.
   *
   * @param which whether a key's entry is wanted
   * @return the entries, with their values and the time they have left
   */
  Iterator<HeldEntry<K, V>> held(Predicate<Object> which);

  /**
   * Keeps an entry handed over by the partition's former owner, in place of any this node holds:
   * without events, writing through, the expiry policy or counting (its time left stays what it
   * was), as a new version.
   *
   * @param key the key
   * @param value the value
   * @param expiresInNanos the nanoseconds until it expires, or {@link HeldEntry#NEVER}
   */
  void receive(K key, V value, long expiresInNanos);

  /**
   * How many read-through loads this node started for the cache (groupcache's Loads).
   *
   * @return the number of loads
   */
  long loads();

  /**
   * How many read-through misses joined a load already in flight (groupcache's LoadsDeduped).
   *
   * @return the number of deduplicated loads
   */
  long loadsDeduped();
}
