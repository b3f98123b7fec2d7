/**
 * The seam between a node and the registry its cluster keeps its members and cache definitions
 * in: a {@link io.peanutcache.cluster.registry.Registry} joins a node and gives it a membership and
 * a {@link io.peanutcache.cluster.registry.Catalog}. The etcd registry lives in the artifact
 * {@code io.peanutcache:peanutcache-etcd}, which {@link io.peanutcache.cluster.registry.Registries}
 * finds on the class path when {@code peanutcache.etcd.endpoints} is set.
 */
package io.peanutcache.cluster.registry;
