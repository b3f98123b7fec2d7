package io.peanutcache.cluster.registry;

import io.peanutcache.cluster.membership.Membership;

/**
 * The membership of a node that joined a {@link Registry}, with the catalog of the cluster's cache
 * definitions kept in the same registry. Closing it leaves the cluster, so that the others see the
 * node go at once, and ends the catalog's use of the registry.
 */
public interface RegistryMembership extends Membership {

  /**
   * The catalog of the cluster's cache definitions, which shares this membership's connection to
   * the registry. It is usable until it or this membership is closed; the node closes it first.
   *
   * @return the catalog, the same one on every call
   */
  Catalog catalog();
}
