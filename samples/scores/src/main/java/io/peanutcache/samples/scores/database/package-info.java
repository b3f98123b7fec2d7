/**
 * The slow source of scores: an in-memory H2 database seeded at start, and the
 * {@link javax.cache.integration.CacheLoader} that reads one score from it with a fixed delay per
 * query, so that every trip to the database is visible beside the cache hits that avoid it.
 */
package io.peanutcache.samples.scores.database;
