package io.peanutcache.hibernate.access;

import org.hibernate.cache.spi.access.AccessType;
import org.hibernate.cache.spi.access.SoftLock;
import org.hibernate.engine.spi.SharedSessionContractImplementor;

/**
 * The rule that decides what a region caches for a key as transactions read and change it: the
 * steps of Hibernate's access strategies without their keys. One instance serves one kind of data
 * (an entity hierarchy, a collection role or natural ids) in one region.
 */
public interface Consistency {

  /** The Hibernate access type this rule implements. */
  AccessType accessType();

  /** The value cached for {@code key} that the session may read, or null. */
  Object get(SharedSessionContractImplementor session, Object key);

  /**
   * Caches a value the session loaded from the database, if nothing newer or locked forbids it.
   *
   * @param minimalPut whether to leave a cached value in place when there is no version to
   *     compare
   * @return whether the value was cached
   */
  boolean putFromLoad(SharedSessionContractImplementor session, Object key, Object value,
      Object version, boolean minimalPut);

  /** Before the database changes the key: what Hibernate hands back to {@link #unlockItem}. */
  SoftLock lockItem(SharedSessionContractImplementor session, Object key, Object version);

  /** After a transaction that locked the key ended without caching a value. */
  void unlockItem(SharedSessionContractImplementor session, Object key, SoftLock lock);

  /** Before the database changes the key, for rules that evict then (Hibernate's update). */
  void beforeUpdate(SharedSessionContractImplementor session, Object key);

  /** After a committed insert: whether {@code value} was cached. */
  boolean afterInsert(SharedSessionContractImplementor session, Object key, Object value,
      Object version);

  /** After a committed update: whether {@code value} was cached. */
  boolean afterUpdate(SharedSessionContractImplementor session, Object key, Object value,
      Object version, SoftLock lock);

  /** When the session removes the key (a delete). */
  void remove(SharedSessionContractImplementor session, Object key);

  /** When the session removes every key of the region. */
  void removeAll(SharedSessionContractImplementor session);

  /** Whether the region holds anything for {@code key}. */
  boolean contains(Object key);

  /** Before a bulk change of the region's table: what Hibernate hands back to unlockRegion. */
  SoftLock lockRegion();

  /** After a bulk change of the region's table. */
  void unlockRegion(SoftLock lock);

  /** Evicts the key, on every node. */
  void evict(Object key);

  /** Evicts every key of the region, on every node. */
  void evictAll();
}
