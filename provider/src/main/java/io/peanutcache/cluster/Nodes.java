package io.peanutcache.cluster;

import io.peanutcache.host.CacheHost;
import io.peanutcache.jcache.PeanutCacheManager;
import io.peanutcache.settings.NodeSettings;
import io.peanutcache.store.TimeSource;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.cache.CacheManager;

/**
 * The nodes running in this JVM, one per distinct node settings. A node starts with the first
 * CacheManager that asks for it and stops when the last one releases it, or when the JVM shuts
 * down (a shutdown hook stops, cleanly, every node still running: with etcd each hands its
 * partitions over to their new owners first).
 */
public final class Nodes {

  /** Running nodes and how many CacheManagers hold each; guarded by the class. */
  private static final Map<NodeSettings, Held> RUNNING = new HashMap<>();

  /** Owner operations of the nodes that have stopped, by node name; guarded by the class. */
  private static final Map<String, Long> STOPPED_OWNER_OPERATIONS = new HashMap<>();

  /** Nodes whose last CacheManager closed and that are stopping now; guarded by the class. */
  private static final Set<Node> STOPPING = new HashSet<>();

  /** Stops the nodes still running when the JVM shuts down; registered with the first node. */
  private static Thread shutdownHook; // guarded by the class

  private Nodes() {}

  private static final class Held {
    final Node node;
    int holders;

    Held(Node node) {
      this.node = node;
    }
  }

  /**
   * The node a PeanutCache CacheManager's caches run on, for tools and tests that look inside it
   * (its view, leases, hot copies).
   *
   * @param manager a PeanutCache CacheManager whose node settings are clustered
   * @return its node
   * @throws IllegalArgumentException if the manager is embedded, or is not PeanutCache's
   */
  public static Node of(CacheManager manager) {
    CacheHost host = manager.unwrap(PeanutCacheManager.class).host().orElseThrow(() ->
        new IllegalArgumentException("CacheManager " + manager.getURI() + " is embedded: it runs on no "
            + "node; allowed: a CacheManager whose node settings name peers or etcd"));
    if (host instanceof NodeCacheHost onNode) {
      return onNode.node();
    }
    throw new IllegalArgumentException("the caches of CacheManager " + manager.getURI() + " run on "
        + host + ", not on a node of this JVM");
  }

  /**
   * The node of {@code settings}, started if none runs yet.
   *
   * @param settings clustered node settings
   * @param classLoader loads the classes of caches defined by peers, if the node starts now
   * @param time the clock of its caches, if the node starts now
   * @return the node, held once more
   */
  public static synchronized Node acquire(NodeSettings settings, ClassLoader classLoader, TimeSource time) {
    Held held = RUNNING.get(settings);
    if (held == null) {
      held = new Held(Node.start(settings, classLoader, time));
      RUNNING.put(settings, held);
      if (shutdownHook == null) {
        shutdownHook = new Thread(Nodes::stopAll, "peanutcache-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
      }
    }
    // the allow-list patterns are no part of the node's identity: each manager adds its own
    held.node.allowList().add(settings.serializationAllow());
    held.holders++;
    return held.node;
  }

  /**
   * Releases a node acquired before; the last release stops it.
   *
   * @param node the node
   */
  public static void release(Node node) {
    Node stopping = null;
    synchronized (Nodes.class) {
      Held held = RUNNING.get(node.settings());
      if (held != null && held.node == node && --held.holders == 0) {
        RUNNING.remove(node.settings());
        stopping = node;
      }
    }
    if (stopping != null) {
      synchronized (Nodes.class) {
        STOPPING.add(stopping);
      }
      try {
        stopping.close();
      } finally {
        synchronized (Nodes.class) {
          STOPPING.remove(stopping);
          Nodes.class.notifyAll();
        }
      }
      synchronized (Nodes.class) {
        STOPPED_OWNER_OPERATIONS.merge(stopping.settings().nodeName(), stopping.caches().ownerOperations(),
            Long::sum);
      }
    }
  }

  /**
   * Stops every node still running, as the JVM shuts down, and waits for those that other threads
   * are stopping (an application that closes its CacheManager as it exits): the JVM ends when its
   * shutdown hooks have, and a node must hand its partitions over first.
   */
  private static void stopAll() {
    List<Node> stopping;
    synchronized (Nodes.class) {
      stopping = RUNNING.values().stream().map(held -> held.node).toList();
      RUNNING.clear();
    }
    for (Node node : stopping) {
      try {
        node.close();
      } catch (RuntimeException e) {
        System.getLogger(Nodes.class.getName()).log(System.Logger.Level.WARNING,
            "node {0} did not stop cleanly as the JVM shut down: {1}", node.settings().nodeName(), e.toString());
      }
    }
    synchronized (Nodes.class) {
      long deadline = System.nanoTime() + STOPPING.stream().mapToLong(node ->
          node.settings().handOffTimeout().plusSeconds(5).toNanos()).max().orElse(0);
      while (!STOPPING.isEmpty() && deadline - System.nanoTime() > 0) {
        try {
          java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(Nodes.class, deadline - System.nanoTime());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  /**
   * How many key operations each node of this JVM has run as the keys' owner since the JVM
   * started, by node name. A node stops when its last CacheManager closes and starts again with the
   * next one; its count survives that, so the figure is the node's whole share of the work.
   *
   * @return the counts by node name, in name order; empty if no node has run
   */
  public static synchronized Map<String, Long> ownerOperations() {
    Map<String, Long> counts = new TreeMap<>(STOPPED_OWNER_OPERATIONS);
    for (Held held : RUNNING.values()) {
      counts.merge(held.node.settings().nodeName(), held.node.caches().ownerOperations(), Long::sum);
    }
    return counts;
  }
}
