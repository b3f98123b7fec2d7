package io.peanutcache.hibernate.nonstrict;

import io.peanutcache.hibernate.access.Consistency;
import io.peanutcache.hibernate.storage.RegionStorage;
import org.hibernate.cache.spi.RegionFactory;
import org.hibernate.cache.spi.access.AccessType;
import org.hibernate.cache.spi.access.SoftLock;
import org.hibernate.engine.spi.SharedSessionContractImplementor;

/**
 * The {@code NONSTRICT_READ_WRITE} rule: no locks; a change evicts the key before the database
 * changes and again after the commit, each time leaving the eviction's timestamp on the owner,
 * and a put from load that began before the latest eviction is refused.
 *
 * <p>Failures: a read or a put from load that fails is a miss. An eviction that fails throws, so
 * the change fails (before the commit) rather than leave a value that would be served stale; the
 * eviction after the commit is retried by the next change or lost with the owner, and the value
 * expires with the region's expiry.
 */
public final class NonStrict implements Consistency {

  private final RegionStorage storage;
  private final RegionFactory factory;

  /**
   * @param storage the region's storage
   * @param factory the region factory, which gives timestamps
   */
  public NonStrict(RegionStorage storage, RegionFactory factory) {
    this.storage = storage;
    this.factory = factory;
  }

  @Override
  public AccessType accessType() {
    return AccessType.NONSTRICT_READ_WRITE;
  }

  @Override
  public Object get(SharedSessionContractImplementor session, Object key) {
    return storage.getFromCache(key, session) instanceof Loaded loaded ? loaded.value() : null;
  }

  @Override
  public boolean putFromLoad(SharedSessionContractImplementor session, Object key, Object value,
      Object version, boolean minimalPut) {
    long txTimestamp = session.getCacheTransactionSynchronization().getCachingTimestamp();
    return storage.invoke(key, new PutUnlessEvicted(value, txTimestamp, minimalPut), false);
  }

  /** No lock: the key is evicted when the change is flushed and again after it commits. */
  @Override
  public SoftLock lockItem(SharedSessionContractImplementor session, Object key, Object version) {
    return null;
  }

  @Override
  public void unlockItem(SharedSessionContractImplementor session, Object key, SoftLock lock) {
    evict(key);
  }

  @Override
  public void beforeUpdate(SharedSessionContractImplementor session, Object key) {
    evict(key);
  }

  /** Nothing: the next load caches the inserted value. */
  @Override
  public boolean afterInsert(SharedSessionContractImplementor session, Object key, Object value,
      Object version) {
    return false;
  }

  @Override
  public boolean afterUpdate(SharedSessionContractImplementor session, Object key, Object value,
      Object version, SoftLock lock) {
    evict(key);
    return false;
  }

  @Override
  public void remove(SharedSessionContractImplementor session, Object key) {
    evict(key);
  }

  @Override
  public void removeAll(SharedSessionContractImplementor session) {
    evictAll();
  }

  @Override
  public boolean contains(Object key) {
    return storage.contains(key);
  }

  @Override
  public SoftLock lockRegion() {
    return null;
  }

  @Override
  public void unlockRegion(SoftLock lock) {
    evictAll();
  }

  /**
   * Evicts the key, leaving the time of the eviction on its owner.
   *
   * @throws org.hibernate.cache.CacheException if the owner cannot be reached
   */
  @Override
  public void evict(Object key) {
    storage.invokeOrThrow(key, new Evict(new Evicted(factory.nextTimestamp())));
  }

  @Override
  public void evictAll() {
    storage.evictData();
  }
}
