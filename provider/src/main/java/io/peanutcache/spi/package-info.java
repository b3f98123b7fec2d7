/**
 * The JSR-107 service provider, {@link io.peanutcache.spi.PeanutCachingProvider}: it keeps the
 * open CacheManagers and gives each the host its clustered caches run on, a node of the cluster.
 */
package io.peanutcache.spi;
