/** The JSR-107 service provider: {@link io.peanutcache.spi.PeanutCachingProvider} only. */
package io.peanutcache.spi;
