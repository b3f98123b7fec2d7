/**
 * A native Spring {@link org.springframework.cache.Cache} over PeanutCache, and the Spring
 * {@link org.springframework.cache.CacheManager} that hands it out: {@code @Cacheable(sync = true)}
 * loads a missed key once across the cluster, and {@code retrieve} (what {@code @Cacheable} on
 * methods returning {@code CompletableFuture}, {@code Mono} or {@code Flux} uses) holds no thread
 * while a remote owner answers.
 */
package io.peanutcache.spring.cache;
