/**
 * The HTTP API of a scores node, {@code GET /api?key=<name>}: it reads the score through the
 * {@code scores} cache and logs, per request, whether the cache had it, loaded it from the
 * database, or waited for a load another request had already started.
 */
package io.peanutcache.samples.scores.api;
