package io.peanutcache.cluster;

import io.peanutcache.spi.PeanutCachingProvider;
import java.util.Properties;
import javax.cache.CacheManager;

/**
 * The main class of a node that {@link NodeProcesses} runs in a JVM of its own: it opens a
 * CacheManager of {@link InJvmCluster#URI} with the node settings given as arguments, prints
 * {@code READY} and serves until it is killed or its standard input closes.
 *
 * <p>Arguments: bind address, comma-separated peers, rpc timeout.
 */
public final class NodeProcessMain {

  private NodeProcessMain() {}

  public static void main(String[] args) throws Exception {
    Properties properties = new Properties();
    properties.setProperty("peanutcache.bind", args[0]);
    properties.setProperty("peanutcache.peers", args[1]);
    properties.setProperty("peanutcache.rpc.timeout", args[2]);
    CacheManager manager = new PeanutCachingProvider().getCacheManager(InJvmCluster.URI,
        NodeProcessMain.class.getClassLoader(), properties);
    System.out.println("READY " + args[0]);
    System.out.flush();
    while (System.in.read() != -1) {
      // serve until the test closes our input or kills us
    }
    manager.close();
  }
}
