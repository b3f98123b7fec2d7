package io.peanutcache.hibernate.nonstrict;

import io.peanutcache.hibernate.access.Consistency;
import io.peanutcache.hibernate.storage.RegionStorage;
import io.peanutcache.hibernate.storage.StepRetries;
import io.peanutcache.hibernate.time.ClusterClock;
import java.util.HashMap;
import java.util.Map;
import org.hibernate.cache.spi.RegionFactory;
import org.hibernate.cache.spi.access.AccessType;
import org.hibernate.cache.spi.access.SoftLock;
import org.hibernate.engine.spi.SharedSessionContractImplementor;

/**
 * The {@code NONSTRICT_READ_WRITE} rule: no locks; a change evicts the key before the database
 * changes and again after the commit, each time leaving the eviction's timestamp on the owner,
 * and a put from load that began before the latest eviction is refused.
 *
 * <p>Failures: a read or a put from load that fails is a miss. The eviction before the change is
 * sent again while the owner answers late, and the transaction waits for it, up to the lock
 * timeout (then the flush fails, rather than leave a value that would be served stale); an owner
 * that cannot be reached at all holds nothing any node can read, so the change goes on. The
 * eviction after the commit is sent again in the background.
 */
public final class NonStrict implements Consistency {

  /**
   * What each thread saw for the keys it missed, until it puts what it loaded. A read that failed
   * counts as having seen nothing, which can only refuse more puts. Keys missed but never put (the
   * row does not exist) are dropped when there are many.
   */
  private static final ThreadLocal<Map<Object, Miss>> MISSES = ThreadLocal.withInitial(HashMap::new);
  private static final int MISSES_KEPT = 256;

  private final RegionStorage storage;
  private final StepRetries retries;
  private final RegionFactory factory;

  /**
   * @param storage the region's storage
   * @param retries where evictions that failed are sent again
   * @param factory the region factory, which gives timestamps and the lock timeout
   */
  public NonStrict(RegionStorage storage, StepRetries retries, RegionFactory factory) {
    this.storage = storage;
    this.retries = retries;
    this.factory = factory;
  }

  @Override
  public AccessType accessType() {
    return AccessType.NONSTRICT_READ_WRITE;
  }

  /**
   * The value cached for {@code key}, or null; on a miss, remembers on this thread what the owner
   * held (the latest eviction, or nothing), for the put of the value this thread then loads.
   */
  @Override
  public Object get(SharedSessionContractImplementor session, Object key) {
    Object held = storage.getFromCache(key, session);
    if (held instanceof Loaded loaded) {
      return loaded.value();
    }
    Map<Object, Miss> misses = MISSES.get();
    if (misses.size() >= MISSES_KEPT) {
      misses.clear();
    }
    misses.put(key, new Miss(held instanceof Evicted evicted ? evicted : null));
    return null;
  }

  @Override
  public boolean putFromLoad(SharedSessionContractImplementor session, Object key, Object value,
      Object version, boolean minimalPut) {
    long txTimestamp = session.getCacheTransactionSynchronization().getCachingTimestamp();
    Miss miss = MISSES.get().remove(key);
    return storage.invoke(key, new PutUnlessEvicted(value, txTimestamp, minimalPut, miss), false);
  }

  /** No lock: the key is evicted when the change is flushed and again after it commits. */
  @Override
  public SoftLock lockItem(SharedSessionContractImplementor session, Object key, Object version) {
    return null;
  }

  /** After the change committed (or rolled back): evicts the key again, in the background if need be. */
  @Override
  public void unlockItem(SharedSessionContractImplementor session, Object key, SoftLock lock) {
    retries.run(storage.cache(), key, eviction(), null, ClusterClock.nanos(factory.getTimeout()));
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
    unlockItem(session, key, lock);
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
   * Evicts the key, leaving the time of the eviction on its owner; waits for an owner that
   * answers late.
   *
   * @throws org.hibernate.cache.CacheException if the owner did not answer within the lock
   *     timeout
   */
  @Override
  public void evict(Object key) {
    retries.runWaiting(storage.cache(), key, eviction(), null,
        ClusterClock.nanos(factory.getTimeout()));
  }

  private Evict eviction() {
    return new Evict(new Evicted(factory.nextTimestamp()));
  }

  @Override
  public void evictAll() {
    storage.evictData();
  }
}
