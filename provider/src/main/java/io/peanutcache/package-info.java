/**
 * PeanutCache's public API beside JSR-107's: {@link io.peanutcache.PeanutConfiguration} with the
 * provider's extras, {@link io.peanutcache.NodeStatus} for health checks and metrics, and the
 * exceptions that name what was wrong, {@link io.peanutcache.PeerException} among them for a peer
 * that failed a call. Nothing here depends on the provider's internals.
 */
package io.peanutcache;
