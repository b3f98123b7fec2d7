package io.peanutcache.cluster;

import io.peanutcache.spi.PeanutCachingProvider;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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

  private InJvmCluster(List<String> addresses, Duration rpcTimeout) {
    this.addresses = addresses;
    String peers = String.join(",", addresses);
    for (String address : addresses) {
      Properties properties = new Properties();
      properties.setProperty("peanutcache.bind", address);
      properties.setProperty("peanutcache.peers", peers);
      properties.setProperty("peanutcache.rpc.timeout", rpcTimeout.toMillis() + "ms");
      // a provider per node: one provider keeps one CacheManager per URI and class loader
      managers.add(new PeanutCachingProvider().getCacheManager(URI, InJvmCluster.class.getClassLoader(), properties));
    }
  }

  /**
   * Starts {@code size} nodes on free loopback ports.
   *
   * @param size the number of nodes
   * @param rpcTimeout the deadline of calls between them
   * @return the running cluster
   */
  public static InJvmCluster start(int size, Duration rpcTimeout) {
    return new InJvmCluster(freeAddresses(size), rpcTimeout);
  }

  /** Reserves {@code count} loopback ports that are free now. */
  public static List<String> freeAddresses(int count) {
    List<ServerSocket> sockets = new ArrayList<>();
    try {
      for (int i = 0; i < count; i++) {
        sockets.add(new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress()));
      }
      return sockets.stream().map(socket -> "127.0.0.1:" + socket.getLocalPort()).toList();
    } catch (IOException e) {
      throw new IllegalStateException("cannot find free loopback ports: " + e, e);
    } finally {
      for (ServerSocket socket : sockets) {
        try {
          socket.close();
        } catch (IOException ignored) {
          // the port is released either way
        }
      }
    }
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
