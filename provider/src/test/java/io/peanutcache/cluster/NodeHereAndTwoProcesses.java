package io.peanutcache.cluster;

import io.peanutcache.spi.PeanutCachingProvider;
import io.peanutcache.testing.FreePorts;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import javax.cache.CacheManager;

/**
 * A three-node cluster of a static peer list: the first node in this JVM, reached through its
 * CacheManager of {@link InJvmCluster#URI}, the other two in processes of their own that a test
 * can kill with SIGKILL.
 */
public final class NodeHereAndTwoProcesses implements AutoCloseable {

  private final List<String> addresses;
  private final NodeProcesses processes;
  private final CacheManager manager;

  private NodeHereAndTwoProcesses(List<String> addresses, NodeProcesses processes, CacheManager manager) {
    this.addresses = addresses;
    this.processes = processes;
    this.manager = manager;
  }

  /**
   * Starts the two processes, then the node here.
   *
   * @param settings node settings every node gets, besides its address and the peer list
   * @return the running cluster
   * @throws IOException if a process does not start
   */
  public static NodeHereAndTwoProcesses start(Map<String, String> settings) throws IOException {
    List<String> addresses = FreePorts.loopbackAddresses(3);
    String peers = String.join(",", addresses);
    List<Map<String, String>> others = addresses.subList(1, 3).stream().map(address -> {
      Map<String, String> node = new java.util.HashMap<>(settings);
      node.put("peanutcache.bind", address);
      node.put("peanutcache.peers", peers);
      return Map.copyOf(node);
    }).toList();
    NodeProcesses processes = NodeProcesses.start(others);
    Properties properties = new Properties();
    properties.putAll(settings);
    properties.setProperty("peanutcache.bind", addresses.get(0));
    properties.setProperty("peanutcache.peers", peers);
    try {
      return new NodeHereAndTwoProcesses(addresses, processes, new PeanutCachingProvider()
          .getCacheManager(InJvmCluster.URI, NodeHereAndTwoProcesses.class.getClassLoader(), properties));
    } catch (RuntimeException e) {
      processes.close();
      throw e;
    }
  }

  /** The CacheManager of the node in this JVM. */
  public CacheManager manager() {
    return manager;
  }

  /** The address of node {@code index}: 0 is the node here, 1 and 2 the processes. */
  public String address(int index) {
    return addresses.get(index);
  }

  /** Every node's address, the node here first. */
  public List<String> addresses() {
    return addresses;
  }

  /**
   * Kills node {@code index} (1 or 2) with SIGKILL and waits until its process is gone.
   *
   * @param index a node in a process
   */
  public void kill(int index) throws InterruptedException {
    processes.kill(index - 1);
  }

  @Override
  public void close() {
    manager.close();
    processes.close();
  }
}
