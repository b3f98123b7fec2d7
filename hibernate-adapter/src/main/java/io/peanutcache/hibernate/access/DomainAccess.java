package io.peanutcache.hibernate.access;

import org.hibernate.cache.spi.DomainDataRegion;
import org.hibernate.cache.spi.access.AccessType;
import org.hibernate.cache.spi.access.CachedDomainDataAccess;
import org.hibernate.cache.spi.access.SoftLock;
import org.hibernate.cache.spi.support.AbstractDomainDataRegion;
import org.hibernate.engine.spi.SharedSessionContractImplementor;

/** What the entity, collection and natural-id strategies share: every step goes to the rule. */
abstract class DomainAccess implements CachedDomainDataAccess, AbstractDomainDataRegion.Destructible {

  private final DomainDataRegion region;
  final Consistency rule;

  DomainAccess(DomainDataRegion region, Consistency rule) {
    this.region = region;
    this.rule = rule;
  }

  @Override
  public DomainDataRegion getRegion() {
    return region;
  }

  @Override
  public AccessType getAccessType() {
    return rule.accessType();
  }

  @Override
  public Object get(SharedSessionContractImplementor session, Object key) {
    return rule.get(session, key);
  }

  @Override
  public boolean putFromLoad(SharedSessionContractImplementor session, Object key, Object value,
      Object version) {
    return rule.putFromLoad(session, key, value, version, false);
  }

  @Override
  public boolean putFromLoad(SharedSessionContractImplementor session, Object key, Object value,
      Object version, boolean minimalPutOverride) {
    return rule.putFromLoad(session, key, value, version, minimalPutOverride);
  }

  @Override
  public SoftLock lockItem(SharedSessionContractImplementor session, Object key, Object version) {
    return rule.lockItem(session, key, version);
  }

  @Override
  public void unlockItem(SharedSessionContractImplementor session, Object key, SoftLock lock) {
    rule.unlockItem(session, key, lock);
  }

  @Override
  public void remove(SharedSessionContractImplementor session, Object key) {
    rule.remove(session, key);
  }

  @Override
  public void removeAll(SharedSessionContractImplementor session) {
    rule.removeAll(session);
  }

  @Override
  public boolean contains(Object key) {
    return rule.contains(key);
  }

  @Override
  public SoftLock lockRegion() {
    return rule.lockRegion();
  }

  @Override
  public void unlockRegion(SoftLock lock) {
    rule.unlockRegion(lock);
  }

  @Override
  public void evict(Object key) {
    rule.evict(key);
  }

  @Override
  public void evictAll() {
    rule.evictAll();
  }

  /** Nothing: the region's cache belongs to the CacheManager, which closes it. */
  @Override
  public void destroy() {
  }
}
