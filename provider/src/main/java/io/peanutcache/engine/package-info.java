/**
 * The owner-side execution of every JCache operation on this node's store ({@link
 * io.peanutcache.engine.CacheEngine}): read-through under single flight, write-through, the expiry
 * policy (consulted once per operation), events and counts. It declares the operations a cache
 * handle hands on ({@link io.peanutcache.engine.CacheOperations}), what the handle tells of the
 * cluster ({@link io.peanutcache.engine.ClusterOperations}) and what peers ask of a key's owner
 * ({@link io.peanutcache.engine.OwnerOperations}); it knows nothing of the cluster itself.
 */
package io.peanutcache.engine;
