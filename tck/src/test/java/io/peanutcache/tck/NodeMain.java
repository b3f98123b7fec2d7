package io.peanutcache.tck;

import io.peanutcache.cluster.Nodes;
import io.peanutcache.jcache.PeanutCacheManager;
import javax.cache.CacheManager;
import javax.cache.Caching;

/**
 * The main class of a cluster node that {@link NodeProcess} runs in a JVM of its own beside the
 * TCK's JVM. It takes its node settings ({@code peanutcache.bind}, {@code peanutcache.peers}, ...)
 * from system properties, as any application would, opens the default CacheManager so the node
 * starts, prints {@value #READY} and serves: the caches the TCK creates are defined here by the TCK
 * JVM's node, and the keys this node owns are stored and loaded here.
 *
 * <p>When its standard input closes it prints {@value #OWNER_OPERATIONS} followed by the number
 * of key operations it ran as owner, closes the CacheManager and exits.
 */
public final class NodeMain {

  /** The line printed once the node is serving. */
  static final String READY = "READY";

  /** The prefix of the line reporting the node's owner operations when it stops. */
  static final String OWNER_OPERATIONS = "OWNER_OPERATIONS";

  private NodeMain() {}

  /**
   * Runs a node until standard input closes.
   *
   * @param args none
   * @throws Exception if the node cannot start
   */
  public static void main(String[] args) throws Exception {
    CacheManager manager = Caching.getCachingProvider().getCacheManager();
    String name = manager.unwrap(PeanutCacheManager.class).nodeSettings().nodeName();
    System.out.println(READY + " " + name);
    System.out.flush();
    while (System.in.read() != -1) {
      // serve until the TCK's JVM closes our input
    }
    System.out.println(OWNER_OPERATIONS + " " + Nodes.ownerOperations().getOrDefault(name, 0L));
    System.out.flush();
    manager.close();
    System.exit(0);
  }
}
