package io.peanutcache.hibernate.access;

import org.hibernate.cache.spi.CacheKeysFactory;
import org.hibernate.cache.spi.DomainDataRegion;
import org.hibernate.cache.spi.access.EntityDataAccess;
import org.hibernate.cache.spi.access.SoftLock;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.hibernate.persister.entity.EntityPersister;

/** The access strategy of an entity hierarchy's data. */
public final class EntityAccess extends DomainAccess implements EntityDataAccess {

  private final CacheKeysFactory keys;

  /**
   * @param region the region
   * @param keys the region's cache keys
   * @param rule the rule of the entity's access type
   */
  public EntityAccess(DomainDataRegion region, CacheKeysFactory keys, Consistency rule) {
    super(region, rule);
    this.keys = keys;
  }

  @Override
  public Object generateCacheKey(Object id, EntityPersister rootEntityDescriptor,
      SessionFactoryImplementor factory, String tenantIdentifier) {
    return keys.createEntityKey(id, rootEntityDescriptor, factory, tenantIdentifier);
  }

  @Override
  public Object getCacheKeyId(Object cacheKey) {
    return keys.getEntityId(cacheKey);
  }

  /** Nothing is cached before the insert commits. */
  @Override
  public boolean insert(SharedSessionContractImplementor session, Object key, Object value,
      Object version) {
    return false;
  }

  @Override
  public boolean afterInsert(SharedSessionContractImplementor session, Object key, Object value,
      Object version) {
    return rule.afterInsert(session, key, value, version);
  }

  /** Nothing is cached before the update commits. */
  @Override
  public boolean update(SharedSessionContractImplementor session, Object key, Object value,
      Object currentVersion, Object previousVersion) {
    rule.beforeUpdate(session, key);
    return false;
  }

  @Override
  public boolean afterUpdate(SharedSessionContractImplementor session, Object key, Object value,
      Object currentVersion, Object previousVersion, SoftLock lock) {
    return rule.afterUpdate(session, key, value, currentVersion, lock);
  }
}
