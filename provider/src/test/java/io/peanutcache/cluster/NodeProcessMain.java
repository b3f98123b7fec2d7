package io.peanutcache.cluster;

import io.peanutcache.spi.PeanutCachingProvider;
import java.util.Properties;
import javax.cache.CacheManager;

/**
 * The main class of a node that {@link NodeProcesses} runs in a JVM of its own: it opens a
 * CacheManager of {@link InJvmCluster#URI} with the node settings given as arguments, prints
 * {@code READY} and serves until it is killed or its standard input closes.
 *
 * <p>Arguments: the node settings, each as {@code key=value}.
 */
public final class NodeProcessMain {

  private NodeProcessMain() {}

  public static void main(String[] args) throws Exception {
    Properties properties = new Properties();
    for (String setting : args) {
      int equals = setting.indexOf('=');
      properties.setProperty(setting.substring(0, equals), setting.substring(equals + 1));
    }
    CacheManager manager = new PeanutCachingProvider().getCacheManager(InJvmCluster.URI,
        NodeProcessMain.class.getClassLoader(), properties);
    System.out.println("READY " + properties.getProperty("peanutcache.bind"));
    System.out.flush();
    while (System.in.read() != -1) {
      // serve until the test closes our input or kills us
    }
    manager.close();
  }
}
