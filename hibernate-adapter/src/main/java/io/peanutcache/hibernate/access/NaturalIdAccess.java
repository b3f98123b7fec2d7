package io.peanutcache.hibernate.access;

import org.hibernate.cache.spi.CacheKeysFactory;
import org.hibernate.cache.spi.DomainDataRegion;
import org.hibernate.cache.spi.access.NaturalIdDataAccess;
import org.hibernate.cache.spi.access.SoftLock;
import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.hibernate.persister.entity.EntityPersister;

/** The access strategy of an entity hierarchy's natural ids (unversioned). */
public final class NaturalIdAccess extends DomainAccess implements NaturalIdDataAccess {

  private final CacheKeysFactory keys;

  /**
   * @param region the region
   * @param keys the region's cache keys
   * @param rule the rule of the natural id's access type
   */
  public NaturalIdAccess(DomainDataRegion region, CacheKeysFactory keys, Consistency rule) {
    super(region, rule);
    this.keys = keys;
  }

  @Override
  public Object generateCacheKey(Object naturalIdValues, EntityPersister rootEntityDescriptor,
      SharedSessionContractImplementor session) {
    return keys.createNaturalIdKey(naturalIdValues, rootEntityDescriptor, session);
  }

  @Override
  public Object getNaturalIdValues(Object cacheKey) {
    return keys.getNaturalIdValues(cacheKey);
  }

  /** Nothing is cached before the insert commits. */
  @Override
  public boolean insert(SharedSessionContractImplementor session, Object key, Object value) {
    return false;
  }

  @Override
  public boolean afterInsert(SharedSessionContractImplementor session, Object key, Object value) {
    return rule.afterInsert(session, key, value, null);
  }

  /** Nothing is cached before the update commits. */
  @Override
  public boolean update(SharedSessionContractImplementor session, Object key, Object value) {
    rule.beforeUpdate(session, key);
    return false;
  }

  @Override
  public boolean afterUpdate(SharedSessionContractImplementor session, Object key, Object value,
      SoftLock lock) {
    return rule.afterUpdate(session, key, value, null, lock);
  }
}
