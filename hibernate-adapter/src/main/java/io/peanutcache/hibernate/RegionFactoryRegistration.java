package io.peanutcache.hibernate;

import java.util.List;
import org.hibernate.boot.registry.selector.SimpleStrategyRegistrationImpl;
import org.hibernate.boot.registry.selector.StrategyRegistration;
import org.hibernate.boot.registry.selector.StrategyRegistrationProvider;
import org.hibernate.cache.spi.RegionFactory;

/**
 * Registers {@link PeanutRegionFactory} with Hibernate under the short name
 * {@value PeanutRegionFactory#SHORT_NAME}, found through {@code java.util.ServiceLoader}.
 */
public final class RegionFactoryRegistration implements StrategyRegistrationProvider {

  @Override
  public Iterable<StrategyRegistration<?>> getStrategyRegistrations() {
    return List.of(new SimpleStrategyRegistrationImpl<>(RegionFactory.class,
        PeanutRegionFactory.class, PeanutRegionFactory.SHORT_NAME,
        PeanutRegionFactory.class.getName(), PeanutRegionFactory.class.getSimpleName()));
  }
}
