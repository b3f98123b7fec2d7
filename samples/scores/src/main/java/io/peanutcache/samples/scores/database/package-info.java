/**
 * The slow source of scores: an in-memory H2 database seeded at start, which every node's
 * {@link javax.cache.integration.CacheLoader} queries with a fixed delay per query, so that every
 * trip to the database is visible beside the cache hits that avoid it, along with the node that
 * made it. Nodes in other processes reach the database through H2's TCP server.
 */
package io.peanutcache.samples.scores.database;
