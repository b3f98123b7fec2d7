package io.peanutcache.cluster;

import io.peanutcache.spi.PeanutCachingProvider;
import io.peanutcache.testing.FreePorts;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import javax.cache.CacheManager;

/**
 * N PeanutCache nodes in this JVM, each listening on its own loopback port with the same static
 * peer list, each reached through its own CacheManager of one URI.
 */
public final class InJvmCluster implements AutoCloseable {

  /** The URI every node's CacheManager has, so their caches are the same caches. */
  public static final URI URI = java.net.URI.create("urn:peanutcache:in-jvm-cluster");

  private final List<CacheManager> managers = new ArrayList<>();
  private final List<String> addresses;
  private final Map<String, String> settings;

  private InJvmCluster(List<String> addresses, Map<String, String> settings) {
    this.addresses = addresses;
    this.settings = settings;
    for (String address : addresses) {
      managers.add(open(address));
    }
  }

  private CacheManager open(String address) {
    Properties properties = new Properties();
    properties.setProperty("peanutcache.bind", address);
    properties.setProperty("peanutcache.peers", String.join(",", addresses));
    properties.putAll(settings);
    // a provider per node: one provider keeps one CacheManager per URI and class loader
    return new PeanutCachingProvider().getCacheManager(URI, InJvmCluster.class.getClassLoader(), properties);
  }

  /**
   * Stops node {@code index}: closes its CacheManager, which stops the node and drops what it held.
   *
   * @param index the node
   */
  public void stop(int index) {
    managers.get(index).close();
  }

  /**
   * Starts node {@code index} again, empty, on its address, after {@link #stop}.
   *
   * @param index the node
   */
  public void restart(int index) {
    managers.set(index, open(addresses.get(index)));
  }

  /**
   * Starts {@code size} nodes on free loopback ports.
   *
   * @param size the number of nodes
   * @param rpcTimeout the deadline of calls between them
   * @return the running cluster
   */
  public static InJvmCluster start(int size, Duration rpcTimeout) {
    return start(size, Map.of("peanutcache.rpc.timeout", rpcTimeout.toMillis() + "ms"));
  }

  /**
   * Starts {@code size} nodes on free loopback ports with more node settings.
   *
   * @param size the number of nodes
   * @param settings node settings every node gets, besides its address and the peer list
   * @return the running cluster
   */
  public static InJvmCluster start(int size, Map<String, String> settings) {
    return new InJvmCluster(FreePorts.loopbackAddresses(size), Map.copyOf(settings));
  }

  /** The CacheManager of node {@code index}. */
  public CacheManager manager(int index) {
    return managers.get(index);
  }

  /** The number of nodes. */
  public int size() {
    return managers.size();
  }

  /** The address of node {@code index}. */
  public String address(int index) {
    return addresses.get(index);
  }

  @Override
  public void close() {
    for (CacheManager manager : managers) {
      manager.close();
    }
  }
}
