package io.peanutcache.hibernate.readwrite;

import io.peanutcache.hibernate.access.Consistency;
import io.peanutcache.hibernate.storage.RegionStorage;
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
 * <p>Failures: a read, a put from load, or the caching after an insert or update that fails is a
 * miss (logged and counted by the storage), and the transaction goes on. Taking a lock that fails
 * fails the transaction's flush before the database changes, since the key's cached value would
 * otherwise outlive the change. Releasing one that fails leaves the lock to expire after the lock
 * timeout; until then the key is read from the database.
 */
public final class ReadWrite implements Consistency {

  private final RegionStorage storage;
  private final RegionFactory factory;
  private final VersionOrder order;
  private final UUID source = UUID.randomUUID();
  private final AtomicLong lockIds = new AtomicLong();

  /**
   * @param storage the region's storage
   * @param factory the region factory, which gives timestamps and the lock timeout
   * @param versionComparator how the data's versions compare, or null for unversioned data
   */
  public ReadWrite(RegionStorage storage, RegionFactory factory,
      Comparator<Object> versionComparator) {
    this.storage = storage;
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
   * Locks the key on its owner before the database changes.
   *
   * @throws org.hibernate.cache.CacheException if the owner cannot take the lock
   */
  @Override
  public SoftLock lockItem(SharedSessionContractImplementor session, Object key, Object version) {
    return storage.invokeOrThrow(key,
        new LockItem(newHandle(), version, factory.nextTimestamp() + factory.getTimeout()));
  }

  @Override
  public void unlockItem(SharedSessionContractImplementor session, Object key, SoftLock lock) {
    storage.invoke(key, new UnlockItem((LockHandle) lock, factory.nextTimestamp(), newHandle(),
        factory.getTimeout()), null);
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
    return storage.invoke(key, new AfterUpdate((LockHandle) lock, value, version,
        factory.nextTimestamp(), newHandle(), factory.getTimeout()), false);
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

  private LockHandle newHandle() {
    return new LockHandle(source, lockIds.getAndIncrement());
  }

  private static long txTimestamp(SharedSessionContractImplementor session) {
    return session.getCacheTransactionSynchronization().getCachingTimestamp();
  }
}
