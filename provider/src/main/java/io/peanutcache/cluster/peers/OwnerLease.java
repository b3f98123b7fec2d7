package io.peanutcache.cluster.peers;

import io.peanutcache.engine.ProcessorEntry;

/**
 * The caller's side of a key's lease at its owner, for an entry processor that cannot be sent
 * there: {@link #granted} waits for the lease and the entry, {@link #write} sends what the
 * processor did, and {@link #close} gives the lease up unless a write ended it. One thread uses a
 * lease at a time.
 */
public interface OwnerLease extends AutoCloseable {

  /**
   * Waits until the lease is this caller's, and returns the entry as the owner holds it then.
   *
   * @return the value's bytes, or null if the key has no value
   * @throws io.peanutcache.cluster.leases.LeaseExpiredException if the lease expired on the owner
   * @throws io.peanutcache.PeerException if the call failed (not owner, unreachable, refused)
   * @throws javax.cache.CacheException if the owner answered out of turn, or could not read the
   *     entry (of the type it threw), or this thread was interrupted
   */
  byte[] granted();

  /**
   * Sends what the processor did with the entry it was granted, and waits for the answer.
   *
   * @param outcome what the processor did
   * @param value the bytes of the value it set, or null
   * @return true if the owner wrote it, which ends the lease; false if a write that takes no lease
   *     changed the entry since the grant: {@link #granted} then returns the new entry, for the
   *     processor to run again
   * @throws io.peanutcache.cluster.leases.LeaseExpiredException if the lease expired before the
   *     write arrived: nothing was written
   * @throws RuntimeException the owner's failure to write, of the type it threw
   */
  boolean write(ProcessorEntry.Outcome outcome, byte[] value);

  /** Gives the lease up now, or stops waiting for it, unless a write or the owner ended it. */
  @Override
  void close();
}
