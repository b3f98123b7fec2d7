package io.peanutcache.hibernate.access;

import org.hibernate.cache.spi.CacheKeysFactory;
import org.hibernate.cache.spi.DomainDataRegion;
import org.hibernate.cache.spi.access.CollectionDataAccess;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.persister.collection.CollectionPersister;

/**
 * The access strategy of a collection role's data: Hibernate locks, then removes or reloads a
 * collection when it changes.
 */
public final class CollectionAccess extends DomainAccess implements CollectionDataAccess {

  private final CacheKeysFactory keys;

  /**
   * @param region the region
   * @param keys the region's cache keys
   * @param rule the rule of the collection's access type
   */
  public CollectionAccess(DomainDataRegion region, CacheKeysFactory keys, Consistency rule) {
    super(region, rule);
    this.keys = keys;
  }

  @Override
  public Object generateCacheKey(Object id, CollectionPersister collectionDescriptor,
      SessionFactoryImplementor factory, String tenantIdentifier) {
    return keys.createCollectionKey(id, collectionDescriptor, factory, tenantIdentifier);
  }

  @Override
  public Object getCacheKeyId(Object cacheKey) {
    return keys.getCollectionId(cacheKey);
  }
}
