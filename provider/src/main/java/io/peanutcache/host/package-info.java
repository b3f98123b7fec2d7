/**
 * Where a CacheManager's caches run when its node settings are clustered: the {@link
 * io.peanutcache.host.CacheHost} the JSR-107 surface defines, finds and destroys caches through,
 * and the {@link io.peanutcache.host.CacheRuntime} a cache handle runs on. The cluster implements
 * the host; this package sits below both, so that neither imports the other.
 */
package io.peanutcache.host;
