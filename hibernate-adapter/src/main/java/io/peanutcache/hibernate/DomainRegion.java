package io.peanutcache.hibernate;

import io.peanutcache.hibernate.access.CollectionAccess;
import io.peanutcache.hibernate.access.Consistency;
import io.peanutcache.hibernate.access.EntityAccess;
import io.peanutcache.hibernate.access.NaturalIdAccess;
import io.peanutcache.hibernate.nonstrict.NonStrict;
import io.peanutcache.hibernate.readwrite.ReadWrite;
import io.peanutcache.hibernate.storage.RegionStorage;
import io.peanutcache.hibernate.storage.StepRetries;
import java.util.Comparator;
import java.util.function.Supplier;
import org.hibernate.cache.CacheException;
import org.hibernate.cache.cfg.spi.CollectionDataCachingConfig;
import org.hibernate.cache.cfg.spi.DomainDataCachingConfig;
import org.hibernate.cache.cfg.spi.DomainDataRegionBuildingContext;
import org.hibernate.cache.cfg.spi.DomainDataRegionConfig;
import org.hibernate.cache.cfg.spi.EntityDataCachingConfig;
import org.hibernate.cache.cfg.spi.NaturalIdDataCachingConfig;
import org.hibernate.cache.spi.CacheKeysFactory;
import org.hibernate.cache.spi.RegionFactory;
import org.hibernate.cache.spi.access.AccessType;
import org.hibernate.cache.spi.access.CollectionDataAccess;
import org.hibernate.cache.spi.access.EntityDataAccess;
import org.hibernate.cache.spi.access.NaturalIdDataAccess;
import org.hibernate.cache.spi.support.CollectionReadOnlyAccess;
import org.hibernate.cache.spi.support.DomainDataRegionTemplate;
import org.hibernate.cache.spi.support.EntityReadOnlyAccess;
import org.hibernate.cache.spi.support.NaturalIdReadOnlyAccess;

/**
 * A region of entity, collection and natural-id data: {@code READ_ONLY} as Hibernate does it
 * (data that never changes cannot be stale), {@code READ_WRITE} and {@code NONSTRICT_READ_WRITE}
 * with the cluster-safe rules of this adapter, and {@code TRANSACTIONAL} refused when the session
 * factory starts.
 */
final class DomainRegion extends DomainDataRegionTemplate {

  DomainRegion(DomainDataRegionConfig config, RegionFactory factory, RegionStorage storage,
      CacheKeysFactory keys, DomainDataRegionBuildingContext context) {
    super(config, factory, storage, keys, context);
  }

  @Override
  public EntityDataAccess generateEntityAccess(EntityDataCachingConfig config) {
    if (config.getAccessType() == AccessType.READ_ONLY) {
      return new EntityReadOnlyAccess(this, getEffectiveKeysFactory(), getCacheStorageAccess(), config);
    }
    return new EntityAccess(this, getEffectiveKeysFactory(),
        rule(config, comparator(config.getVersionComparatorAccess())));
  }

  @Override
  public CollectionDataAccess generateCollectionAccess(CollectionDataCachingConfig config) {
    if (config.getAccessType() == AccessType.READ_ONLY) {
      return new CollectionReadOnlyAccess(this, getEffectiveKeysFactory(), getCacheStorageAccess(), config);
    }
    return new CollectionAccess(this, getEffectiveKeysFactory(), rule(config, null));
  }

  @Override
  public NaturalIdDataAccess generateNaturalIdAccess(NaturalIdDataCachingConfig config) {
    if (config.getAccessType() == AccessType.READ_ONLY) {
      return new NaturalIdReadOnlyAccess(this, getEffectiveKeysFactory(), getCacheStorageAccess(), config);
    }
    return new NaturalIdAccess(this, getEffectiveKeysFactory(), rule(config, null));
  }

  /**
   * The rule of a read-write or nonstrict read-write data kind.
   *
   * @throws CacheException naming the data and the supported access types, for
   *     {@code TRANSACTIONAL}
   */
  private Consistency rule(DomainDataCachingConfig config, Comparator<Object> versions) {
    RegionStorage storage = (RegionStorage) getCacheStorageAccess();
    StepRetries retries = ((PeanutRegionFactory) getRegionFactory()).stepRetries();
    return switch (config.getAccessType()) {
      case READ_WRITE -> new ReadWrite(storage, retries, getRegionFactory(), versions);
      case NONSTRICT_READ_WRITE -> new NonStrict(storage, retries, getRegionFactory());
      default -> throw new CacheException("second-level cache of "
          + config.getNavigableRole().getFullPath() + " in region " + getName()
          + ": access type " + config.getAccessType().getExternalName()
          + " is not supported by PeanutCache (no JTA transactions span the cluster's nodes);"
          + " use read-only, nonstrict-read-write or read-write");
    };
  }

  private static Comparator<Object> comparator(Supplier<Comparator<Object>> access) {
    return access == null ? null : access.get();
  }
}
