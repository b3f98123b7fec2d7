/**
 * The "scores" demo of the original PeanutCache: an HTTP API in front of a read-through JCache
 * named {@code scores}, which loads a missing score from a slow database once, however many
 * requests miss it together, and answers every later request from the cache.
 */
package io.peanutcache.samples.scores;
