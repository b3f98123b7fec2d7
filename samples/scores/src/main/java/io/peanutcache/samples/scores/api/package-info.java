/**
 * The HTTP API of a scores node, {@code GET /api?key=<name>}: it reads the score through the
 * {@code scores} cache and logs, per request, which node owns the name and where the answer came
 * from: a hit or a load on this node as the owner, or a hit or a load on the peer that owns it.
 */
package io.peanutcache.samples.scores.api;
