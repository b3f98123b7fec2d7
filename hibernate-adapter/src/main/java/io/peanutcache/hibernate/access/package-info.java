/**
 * Hibernate's access strategies for entities, collections and natural ids, over a
 * {@link io.peanutcache.hibernate.access.Consistency}: the adapters make the cache keys and pass
 * each step to the region's consistency rule (read-write or nonstrict read-write), which decides
 * what is cached and when, on the key's owner.
 */
package io.peanutcache.hibernate.access;
