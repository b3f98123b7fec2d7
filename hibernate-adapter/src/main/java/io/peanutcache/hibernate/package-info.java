/**
 * Hibernate ORM's second-level cache on a PeanutCache cluster: the region factory
 * ({@link io.peanutcache.hibernate.PeanutRegionFactory}, short name {@code peanutcache}) and its
 * regions. Each region is a PeanutCache cache shared by every node's session factory; the
 * read-write and nonstrict read-write rules run their steps on each key's owner, so a cluster of
 * application instances caches nothing staler than one JVM would.
 */
package io.peanutcache.hibernate;
