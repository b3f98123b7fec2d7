package io.peanutcache.etcd;

import io.peanutcache.cluster.registry.Registry;
import io.peanutcache.cluster.registry.RegistryMembership;
import io.peanutcache.settings.EtcdSettings;

/**
 * The etcd registry, which the provider finds with {@link java.util.ServiceLoader} when
 * {@value EtcdSettings#ENDPOINTS_PROPERTY} is set: each node joins through an
 * {@link EtcdMembership}, whose {@link EtcdCatalog} keeps the cluster's cache definitions. It keeps
 * no state, so any thread may call it, for any number of nodes.
 */
public final class EtcdRegistry implements Registry {

  /** The registry; {@link java.util.ServiceLoader} makes it. */
  public EtcdRegistry() {}

  @Override
  public RegistryMembership join(EtcdSettings settings, String selfName, String address) {
    return EtcdMembership.join(settings, selfName, address);
  }
}
