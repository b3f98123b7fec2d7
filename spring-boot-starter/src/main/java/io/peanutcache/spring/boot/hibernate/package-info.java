/**
 * Hibernate's second-level cache on the application's PeanutCache node, when the application has
 * Spring Boot's Hibernate support and the PeanutCache Hibernate adapter: the region factory is
 * PeanutCache's, over the starter's JCache CacheManager, so entities, collections and queries
 * are cached by the same node as the Spring caches.
 */
package io.peanutcache.spring.boot.hibernate;
