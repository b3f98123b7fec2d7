package io.peanutcache.spring.boot.hibernate;

import io.peanutcache.hibernate.PeanutRegionFactory;
import io.peanutcache.jcache.PeanutCacheManager;
import io.peanutcache.spring.boot.PeanutCacheAutoConfiguration;
import io.peanutcache.spring.cache.PeanutSpringCacheManager;
import jakarta.persistence.EntityManagerFactory;
import java.util.Map;
import org.hibernate.SessionFactory;
import org.hibernate.cache.spi.CacheImplementor;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.hibernate.autoconfigure.HibernatePropertiesCustomizer;
import org.springframework.context.annotation.Bean;

/**
 * Gives Hibernate the starter's node for its second-level cache: unless the application names
 * another region factory ({@code spring.jpa.properties.hibernate.cache.region.factory_class}),
 * the factory is PeanutCache's ({@value PeanutRegionFactory#SHORT_NAME}), and it is handed the
 * starter's JCache CacheManager ({@code hibernate.javax.cache.cache_manager}), which Hibernate
 * never closes. The regions are then caches of that manager, tuned with
 * {@code peanutcache.cache.<region>.*} like any other, and the session factory is made after it.
 */
@AutoConfiguration(after = PeanutCacheAutoConfiguration.class,
    beforeName = "org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration")
@ConditionalOnClass({PeanutRegionFactory.class, HibernatePropertiesCustomizer.class})
@ConditionalOnBean(PeanutCacheManager.class)
public class PeanutCacheHibernateAutoConfiguration {

  static final String REGION_FACTORY = "hibernate.cache.region.factory_class";
  static final String CACHE_MANAGER = "hibernate.javax.cache.cache_manager";

  /**
   * Sets the region factory, when the application names none, and hands a PeanutCache one the
   * node's CacheManager.
   *
   * @param jcache the starter's JCache manager
   * @return the customizer
   */
  @Bean
  public HibernatePropertiesCustomizer peanutCacheHibernateProperties(PeanutCacheManager jcache) {
    return properties -> customize(properties, jcache);
  }

  /**
   * Opens each second-level cache region of the application's session factories through the
   * starter's Spring cache manager once they are built, so that Spring Boot's cache meters and
   * {@code /actuator/caches} see the regions like any other cache of the node.
   *
   * @param sessionFactories the application's JPA entity manager factories
   * @param springCaches the starter's Spring cache managers
   * @return what runs once every singleton exists
   */
  @Bean
  static SmartInitializingSingleton peanutCacheRegionsAsSpringCaches(
      ObjectProvider<EntityManagerFactory> sessionFactories,
      ObjectProvider<PeanutSpringCacheManager> springCaches) {
    return () -> springCaches.forEach(springCache -> sessionFactories.forEach(entityManagers -> {
      CacheImplementor regions = entityManagers.unwrap(SessionFactory.class).getCache()
          .unwrap(CacheImplementor.class);
      if (regions.getRegionFactory() instanceof PeanutRegionFactory peanut
          && peanut.getCacheManager() == springCache.getCacheManager()) {
        regions.getCacheRegionNames().forEach(springCache::getCache);
      }
    }));
  }

  static void customize(Map<String, Object> properties, PeanutCacheManager jcache) {
    properties.putIfAbsent(REGION_FACTORY, PeanutRegionFactory.SHORT_NAME);
    Object factory = properties.get(REGION_FACTORY);
    if (isPeanutCache(factory)) {
      properties.putIfAbsent(CACHE_MANAGER, jcache);
    }
  }

  private static boolean isPeanutCache(Object factory) {
    return factory instanceof PeanutRegionFactory
        || factory == PeanutRegionFactory.class
        || PeanutRegionFactory.SHORT_NAME.equals(factory)
        || PeanutRegionFactory.class.getName().equals(factory)
        || PeanutRegionFactory.class.getSimpleName().equals(factory);
  }
}
