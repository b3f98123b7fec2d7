/**
 * The JSR-107 surface: the CacheManager and Cache the application holds. They check arguments and
 * state, time and count operations, and hand each operation on: to the cache's own engine, or,
 * for a clustered cache, to the {@link io.peanutcache.host.CacheHost} it runs on. No data lives
 * here, and nothing here knows the cluster.
 */
package io.peanutcache.jcache;
