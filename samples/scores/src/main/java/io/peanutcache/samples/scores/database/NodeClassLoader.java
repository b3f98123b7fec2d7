package io.peanutcache.samples.scores.database;

import java.util.Optional;

/**
 * The class loader a node's CacheManager is given: it loads nothing itself (every class comes from
 * its parent) and only names the node, so that {@link ScoreLoaderFactory} can tell which node it is
 * making a loader for.
 *
 * <p>PeanutCache builds each node's {@code CacheLoader} from the cache's {@code Factory} on that
 * node, with the node's class loader as the thread's context class loader: the CacheManager's class
 * loader when the cache is created there, the node's when a peer's definition arrives. It does so
 * because JSR-107's {@code FactoryBuilder.ClassFactory} loads the class it names through the
 * context class loader. Giving every node its own class loader is also what lets several nodes
 * with the same CacheManager URI run in one JVM: a provider keeps one CacheManager per URI and class
 * loader.
 */
public final class NodeClassLoader extends ClassLoader {

  static {
    registerAsParallelCapable();
  }

  private final String node;

  /**
   * A class loader naming {@code node}, delegating every class to {@code parent}.
   *
   * @param node the node's name: its {@code host:port} with a static peer list, {@code node-I}
   *     with etcd
   * @param parent loads the classes
   */
  public NodeClassLoader(String node, ClassLoader parent) {
    super("node " + node, parent);
    this.node = node;
  }

  /**
   * The node this class loader names.
   *
   * @return its name
   */
  public String node() {
    return node;
  }

  /**
   * The node named by the current thread's context class loader or one of its parents.
   *
   * @return the node's name, or empty when the thread is not building a node's loader
   */
  public static Optional<String> ofCurrentThread() {
    for (ClassLoader loader = Thread.currentThread().getContextClassLoader(); loader != null;
        loader = loader.getParent()) {
      if (loader instanceof NodeClassLoader named) {
        return Optional.of(named.node);
      }
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    return "NodeClassLoader{" + node + "}";
  }
}
