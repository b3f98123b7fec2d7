package io.peanutcache.hibernate.readwrite;

import io.peanutcache.hibernate.access.Consistency;
import io.peanutcache.hibernate.storage.RegionStorage;
import io.peanutcache.hibernate.storage.StepRetries;
import io.peanutcache.hibernate.time.ClusterClock;
import java.util.Comparator;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.hibernate.cache.spi.RegionFactory;
import org.hibernate.cache.spi.access.AccessType;
import org.hibernate.cache.spi.access.SoftLock;
import org.hibernate.engine.spi.SharedSessionContractImplementor;

/**
 * The cluster-safe {@code READ_WRITE} rule: every step that reads what the region holds and
 * writes in its place runs on the key's owner as one {@link Step}.
 *
 * <p>Failures never leave a value that later reads would serve stale, and fail the application's
 * transaction only when a key's owner stays silent past the lock timeout:
 *
 * <ul>
 *   <li>A read or a put from load that fails is a miss (logged and counted by the storage).
 *   <li>Taking a lock on an owner that does not answer in time (busy, or its process paused) is
 *       tried again, with the same handle, until it answers or the lock timeout has passed; the
 *       transaction waits meanwhile, since the cached value would otherwise outlive its change.
 *       Past the lock timeout the flush fails. An owner that cannot be reached at all (its
 *       connection refused or lost: it died) holds nothing any node can read, and a node that
 *       starts again starts empty, so the transaction goes on without the lock.
 *   <li>Releasing a lock, or caching a value after an update, that fails is tried again in the
 *       background until the owner answers or the lock timeout has passed; the lock expires then
 *       anyway. Until then the key is read from the database.
 * </ul>
 *
 * <p>Every step is idempotent (see {@link Lock}), so sending one again is safe even when the
 * first reached the owner and only its answer was lost.
 */
public final class ReadWrite implements Consistency {

  private final RegionStorage storage;
  private final StepRetries retries;
  private final RegionFactory factory;
  private final VersionOrder order;
  private final UUID source = UUID.randomUUID();
  private final AtomicLong lockIds = new AtomicLong();

  /**
   * @param storage the region's storage
   * @param retries where steps that failed are sent again
   * @param factory the region factory, which gives timestamps and the lock timeout
   * @param versionComparator how the data's versions compare, or null for unversioned data
   */
  public ReadWrite(RegionStorage storage, StepRetries retries, RegionFactory factory,
      Comparator<Object> versionComparator) {
    this.storage = storage;
    this.retries = retries;
    this.factory = factory;
    this.order = VersionOrder.of(versionComparator);
  }

  @Override
  public AccessType accessType() {
    return AccessType.READ_WRITE;
  }

  /** The value cached for {@code key}, if the session's transaction began after it was cached. */
  @Override
  public Object get(SharedSessionContractImplementor session, Object key) {
    return storage.getFromCache(key, session) instanceof Item item
        && item.isReadable(txTimestamp(session)) ? item.value() : null;
  }

  @Override
  public boolean putFromLoad(SharedSessionContractImplementor session, Object key, Object value,
      Object version, boolean minimalPut) {
    return storage.invoke(key,
        new PutFromLoad(value, version, txTimestamp(session), minimalPut, order), false);
  }

  /**
   * Locks the key on its owner before the database changes, waiting for an owner that answers
   * late.
   *
   * @throws org.hibernate.cache.CacheException if the owner did not answer within the lock
   *     timeout
   */
  @Override
  public SoftLock lockItem(SharedSessionContractImplementor session, Object key, Object version) {
    LockHandle handle = newHandle();
    return retries.runWaiting(storage.cache(), key,
        new LockItem(handle, version, factory.nextTimestamp() + factory.getTimeout()), handle,
        lockTimeoutNanos());
  }

  @Override
  public void unlockItem(SharedSessionContractImplementor session, Object key, SoftLock lock) {
    retries.run(storage.cache(), key, new UnlockItem((LockHandle) lock, factory.nextTimestamp(), factory.getTimeout()),
        null, lockTimeoutNanos());
  }

  /** Nothing: the key is locked. */
  @Override
  public void beforeUpdate(SharedSessionContractImplementor session, Object key) {
  }

  @Override
  public boolean afterInsert(SharedSessionContractImplementor session, Object key, Object value,
      Object version) {
    return storage.invoke(key, new AfterInsert(value, version, factory.nextTimestamp()), false);
  }

  @Override
  public boolean afterUpdate(SharedSessionContractImplementor session, Object key, Object value,
      Object version, SoftLock lock) {
    return retries.run(storage.cache(), key, new AfterUpdate((LockHandle) lock, value, version,
        factory.nextTimestamp(), factory.getTimeout()), false, lockTimeoutNanos());
  }

  /** Removes the cached value, never a lock. */
  @Override
  public void remove(SharedSessionContractImplementor session, Object key) {
    storage.invoke(key, new RemoveUnlessLocked(), null);
  }

  /** Nothing: locks stay until they are released, and a bulk change empties the region. */
  @Override
  public void removeAll(SharedSessionContractImplementor session) {
  }

  @Override
  public boolean contains(Object key) {
    return storage.contains(key);
  }

  /** A handle that {@link #unlockRegion} takes back. */
  @Override
  public SoftLock lockRegion() {
    return newHandle();
  }

  /** Empties the region, on every node, after a bulk change committed. */
  @Override
  public void unlockRegion(SoftLock lock) {
    evictAll();
  }

  @Override
  public void evict(Object key) {
    storage.evictData(key);
  }

  @Override
  public void evictAll() {
    storage.evictData();
  }

  private long lockTimeoutNanos() {
    return ClusterClock.nanos(factory.getTimeout());
  }

  private LockHandle newHandle() {
    return new LockHandle(source, lockIds.getAndIncrement());
  }

  private static long txTimestamp(SharedSessionContractImplementor session) {
    return session.getCacheTransactionSynchronization().getCachingTimestamp();
  }
}
