package io.peanutcache.testing;

import io.peanutcache.cluster.Nodes;
import io.peanutcache.jcache.PeanutCacheManager;
import io.peanutcache.spi.PeanutCachingProvider;
import java.net.URI;
import java.util.Properties;
import java.util.function.Consumer;
import javax.cache.CacheManager;

/**
 * The main class of a node that {@link NodeJvm} runs in a JVM of its own: it opens a CacheManager
 * with the node settings it is given, prints {@value NodeJvm#READY} and its name, and serves; its
 * caches are the caches of the CacheManagers of the same URI on the other nodes. When its standard
 * input closes it prints {@value NodeJvm#OWNER_OPERATIONS} and the number of key operations it ran
 * as owner, closes the CacheManager and exits.
 *
 * <p>Arguments: the node settings, each as {@code key=value}; {@value #URI_ARGUMENT}{@code <uri>},
 * the CacheManager's URI (the provider's default URI without it); and {@value #TASK_ARGUMENT}
 * {@code <class>}, a {@code Consumer<CacheManager>} run on a thread of its own once the node serves.
 */
public final class NodeJvmMain {

  /** The argument naming the CacheManager's URI. */
  static final String URI_ARGUMENT = "--uri=";

  /** The argument naming the class of the task to run. */
  static final String TASK_ARGUMENT = "--task=";

  private NodeJvmMain() {}

  /**
   * Runs a node until standard input closes.
   *
   * @param args the node settings, and optionally the URI and the task
   * @throws Exception if the node cannot start
   */
  public static void main(String[] args) throws Exception {
    PeanutCachingProvider provider = new PeanutCachingProvider();
    URI uri = provider.getDefaultURI();
    String task = null;
    Properties settings = new Properties();
    for (String argument : args) {
      if (argument.startsWith(URI_ARGUMENT)) {
        uri = URI.create(argument.substring(URI_ARGUMENT.length()));
      } else if (argument.startsWith(TASK_ARGUMENT)) {
        task = argument.substring(TASK_ARGUMENT.length());
      } else {
        int equals = argument.indexOf('=');
        settings.setProperty(argument.substring(0, equals), argument.substring(equals + 1));
      }
    }
    CacheManager manager = provider.getCacheManager(uri, NodeJvmMain.class.getClassLoader(), settings);
    String name = manager.unwrap(PeanutCacheManager.class).nodeSettings().nodeName();
    System.out.println(NodeJvm.READY + " " + name);
    System.out.flush();
    if (task != null) {
      @SuppressWarnings("unchecked")
      Consumer<CacheManager> work = (Consumer<CacheManager>) Class.forName(task).getConstructor().newInstance();
      Thread worker = new Thread(() -> work.accept(manager), "task " + task);
      worker.setDaemon(true);
      worker.start();
    }
    while (System.in.read() != -1) {
      // serve until the test closes our input or kills us
    }
    System.out.println(NodeJvm.OWNER_OPERATIONS + " " + Nodes.ownerOperations().getOrDefault(name, 0L));
    System.out.flush();
    manager.close();
    System.exit(0);
  }
}
