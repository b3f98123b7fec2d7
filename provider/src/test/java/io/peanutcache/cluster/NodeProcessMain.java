package io.peanutcache.cluster;

import io.peanutcache.spi.PeanutCachingProvider;
import java.util.Properties;
import javax.cache.Cache;
import javax.cache.CacheManager;

/**
 * The main class of a node that {@link NodeProcesses} runs in a JVM of its own: it opens a
 * CacheManager of {@link InJvmCluster#URI} with the node settings given as arguments, prints
 * {@code READY} and serves until it is killed or its standard input closes.
 *
 * <p>Arguments: the node settings, each as {@code key=value}; and optionally
 * {@code hold.lease=<cache>/<key>}, which makes the node, once a cache of that name with
 * {@code String} keys and {@code Long} values exists, invoke on the key a lambda that increments
 * its value, puts 1 under {@code <key>-holding} to say it holds the key's lease, and never
 * returns, so that a test can kill the holder of a lease.
 */
public final class NodeProcessMain {

  private NodeProcessMain() {}

  /** The argument that makes the node hold a key's lease until it is killed. */
  public static final String HOLD_LEASE = "hold.lease";

  public static void main(String[] args) throws Exception {
    Properties properties = new Properties();
    for (String setting : args) {
      int equals = setting.indexOf('=');
      properties.setProperty(setting.substring(0, equals), setting.substring(equals + 1));
    }
    String holdLease = (String) properties.remove(HOLD_LEASE);
    CacheManager manager = new PeanutCachingProvider().getCacheManager(InJvmCluster.URI,
        NodeProcessMain.class.getClassLoader(), properties);
    System.out.println("READY " + properties.getProperty("peanutcache.bind"));
    System.out.flush();
    if (holdLease != null) {
      Thread holder = new Thread(() -> holdLease(manager, holdLease), "hold lease");
      holder.setDaemon(true);
      holder.start();
    }
    while (System.in.read() != -1) {
      // serve until the test closes our input or kills us
    }
    manager.close();
  }

  private static void holdLease(CacheManager manager, String cacheAndKey) {
    String name = cacheAndKey.substring(0, cacheAndKey.indexOf('/'));
    String key = cacheAndKey.substring(cacheAndKey.indexOf('/') + 1);
    try {
      Cache<String, Long> cache;
      while ((cache = manager.getCache(name, String.class, Long.class)) == null) {
        Thread.sleep(20);
      }
      Cache<String, Long> counters = cache;
      counters.invoke(key, (entry, arguments) -> {
        entry.setValue(entry.exists() ? entry.getValue() + 1 : 1);
        counters.put(key + "-holding", 1L);
        try {
          Thread.sleep(Long.MAX_VALUE);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return null;
      });
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
