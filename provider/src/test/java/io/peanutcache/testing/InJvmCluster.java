package io.peanutcache.testing;

import io.peanutcache.cluster.Nodes;
import io.peanutcache.cluster.ring.ClusterView;
import io.peanutcache.codec.ValueCodec;
import io.peanutcache.jcache.PeanutCacheManager;
import io.peanutcache.spi.PeanutCachingProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import javax.cache.CacheManager;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * PeanutCache nodes for a test, in this JVM: each listens on its own free loopback port, finds the
 * others through a static peer list or a real etcd, and is reached through a CacheManager of its
 * own, all of one URI, so that their caches are the same caches.
 *
 * <p>As a JUnit 5 extension it starts the nodes before and closes them after: registered on a
 * static field, once for the test class (before its {@code @BeforeAll} methods); on an instance
 * field, for each test (before its {@code @BeforeEach} methods).
 *
 * <pre>{@code
 * @RegisterExtension
 * static final InJvmCluster cluster = InJvmCluster.of(3).rpcTimeout(Duration.ofSeconds(5));
 * }</pre>
 *
 * <p>A test whose setup is special uses the building blocks: nodes in JVMs of their own that it
 * can kill ({@link #inOtherJvms}), nodes it starts itself ({@link #notStarted},
 * {@link #startedByTheTest}), a node stopped and restarted, nodes added under a name of their own
 * through etcd ({@link #add}, {@link #addInOtherJvm}), a node of a URI and class loader of the
 * test's, or a cluster of its own, {@link #start() started} and {@link #close() closed} by the
 * test.
 */
public final class InJvmCluster
    implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback, AutoCloseable {

  /** The URI every node's CacheManager has unless {@link #uri} says otherwise. */
  public static final URI URI = java.net.URI.create("urn:peanutcache:in-jvm-cluster");

  /** Numbers the etcd clusters, so that each has a prefix of its own. */
  private static final AtomicInteger CLUSTERS = new AtomicInteger();

  /** How long etcd's members may take to see each other on a busy machine. */
  private static final Duration FORMED_WITHIN = Duration.ofSeconds(30);

  private final int size;
  private final Map<String, String> settings = new LinkedHashMap<>();
  private final List<Function<String, Map<String, String>>> perNode = new ArrayList<>();
  private final Set<Integer> otherJvms = new TreeSet<>();
  private final Set<Integer> notStarted = new TreeSet<>();
  private final String clusterName = "cluster-" + CLUSTERS.incrementAndGet();
  private URI uri = URI;
  /** Where the etcd the nodes find each other through is; null with a static peer list. */
  private Supplier<String> etcd;
  private boolean startedByTheTest;

  private final List<String> names = new ArrayList<>();
  private final List<String> addresses = new ArrayList<>();
  private final List<CacheManager> managers = new ArrayList<>();
  private final List<NodeJvm> jvms = new ArrayList<>();
  private boolean started;
  private boolean perClass;

  private InJvmCluster(int size) {
    this.size = size;
  }

  /**
   * A cluster of {@code size} nodes, with a static peer list and the default node settings.
   *
   * @param size the number of nodes started; 0 for a cluster whose nodes the test {@link #add}s
   * @return the cluster, to be configured, not started
   */
  public static InJvmCluster of(int size) {
    return new InJvmCluster(size);
  }

  /**
   * A node setting every node gets, besides its address and how it finds the others.
   *
   * @param key the setting, such as {@code peanutcache.load.timeout}
   * @param value its value
   * @return this cluster
   */
  public InJvmCluster with(String key, String value) {
    if (started) {
      throw new IllegalStateException("the nodes are started: set " + key + " before");
    }
    settings.put(key, value);
    return this;
  }

  /** Node settings every node gets, as {@link #with(String, String)} each. */
  public InJvmCluster with(Map<String, String> more) {
    more.forEach(this::with);
    return this;
  }

  /**
   * Node settings of each node's own, made from its name when it starts (with a static peer list
   * the name is its address, known only then), such as the files of a certificate that names it.
   *
   * @param ofNode the settings of the node of the name it is given
   * @return this cluster
   */
  public InJvmCluster withEach(Function<String, Map<String, String>> ofNode) {
    if (started) {
      throw new IllegalStateException("the nodes are started: set the settings of each before");
    }
    perNode.add(ofNode);
    return this;
  }

  /**
   * The deadline of calls between the nodes, {@code peanutcache.rpc.timeout}.
   *
   * @param timeout the deadline
   * @return this cluster
   */
  public InJvmCluster rpcTimeout(Duration timeout) {
    return with("peanutcache.rpc.timeout", timeout.toMillis() + "ms");
  }

  /**
   * The URI of every node's CacheManager, instead of {@link #URI}.
   *
   * @param managerUri the URI
   * @return this cluster
   */
  public InJvmCluster uri(URI managerUri) {
    this.uri = managerUri;
    return this;
  }

  /**
   * Lets the nodes find each other through the etcd at {@code endpoint}, a cluster of their own
   * named {@link #clusterName()}, instead of a static peer list; node {@code i} is named
   * {@code node-<i+1>}. Starting waits until every node sees all the nodes started. The etcd must
   * be running by then (the etcd module's {@code EtcdServer} on a static field, this cluster on an
   * instance field), and the nodes need the etcd module on the class path.
   *
   * @param endpoint the client URL of the etcd, asked for when the nodes start
   * @return this cluster
   */
  public InJvmCluster etcd(Supplier<String> endpoint) {
    this.etcd = endpoint;
    return this;
  }

  /**
   * Runs nodes {@code indexes} in JVMs of their own ({@link NodeJvm}), started before the nodes in
   * this JVM, so that a test can {@link #kill} them.
   *
   * @param indexes the nodes
   * @return this cluster
   */
  public InJvmCluster inOtherJvms(int... indexes) {
    for (int index : indexes) {
      otherJvms.add(index);
    }
    return this;
  }

  /**
   * Leaves nodes {@code indexes} (on the peer list all the same) for the test to start, with
   * {@link #start(int)} or {@link #startInOtherJvm}.
   *
   * @param indexes the nodes
   * @return this cluster
   */
  public InJvmCluster notStarted(int... indexes) {
    for (int index : indexes) {
      notStarted.add(index);
    }
    return this;
  }

  /**
   * Leaves the start to the test, which calls {@link #start()}, perhaps after more {@link #with}
   * settings; the extension still closes the nodes after.
   *
   * @return this cluster
   */
  public InJvmCluster startedByTheTest() {
    this.startedByTheTest = true;
    return this;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    perClass = true;
    if (!startedByTheTest) {
      start();
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    close();
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    if (!perClass && !startedByTheTest) {
      start();
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (!perClass) {
      close();
    }
  }

  /**
   * Starts the nodes on free loopback ports: those in other JVMs first, all at once, then those in
   * this JVM in order; with etcd, waits until each sees them all. If a node does not start, the
   * nodes started are closed.
   *
   * @return this cluster
   * @throws IllegalStateException if it was started before
   * @throws UncheckedIOException if a node in another JVM does not start
   */
  public InJvmCluster start() {
    if (started) {
      throw new IllegalStateException("the cluster is started already");
    }
    started = true;
    List<String> picked = FreePorts.loopbackAddresses(size);
    for (int i = 0; i < size; i++) {
      addresses.add(picked.get(i));
      names.add(etcd == null ? picked.get(i) : "node-" + (i + 1));
      managers.add(null);
      jvms.add(null);
    }
    try {
      List<Integer> inJvms = new ArrayList<>(otherJvms);
      inJvms.removeAll(notStarted);
      List<NodeJvm> launched = NodeJvm.startAll(inJvms.stream().map(this::launch).toList());
      for (int i = 0; i < launched.size(); i++) {
        jvms.set(inJvms.get(i), launched.get(i));
      }
      for (int i = 0; i < size; i++) {
        if (!otherJvms.contains(i) && !notStarted.contains(i)) {
          start(i);
        }
      }
      if (etcd != null) {
        awaitMembers(size);
      }
    } catch (IOException e) {
      close();
      throw new UncheckedIOException("a node in another JVM did not start", e);
    } catch (RuntimeException | Error e) {
      close();
      throw e;
    }
    return this;
  }

  /**
   * Starts node {@code index} in this JVM, empty, on its address: one left {@link #notStarted},
   * or one {@link #stop stopped}.
   *
   * @param index the node
   * @return its CacheManager
   */
  public CacheManager start(int index) {
    return start(index, uri, InJvmCluster.class.getClassLoader());
  }

  /**
   * Starts node {@code index} in this JVM as a CacheManager of {@code managerUri} and
   * {@code classLoader}, as an application's own jar makes it: one left {@link #notStarted}.
   *
   * @param index the node
   * @param managerUri the CacheManager's URI
   * @param classLoader the CacheManager's class loader
   * @return its CacheManager
   */
  public CacheManager start(int index, URI managerUri, ClassLoader classLoader) {
    // a provider per node: one provider keeps one CacheManager per URI and class loader
    CacheManager manager = new PeanutCachingProvider().getCacheManager(managerUri, classLoader, properties(index));
    managers.set(index, manager);
    return manager;
  }

  /**
   * Starts node {@code index}, left {@link #notStarted}, in a JVM of its own, and waits until it
   * serves.
   *
   * @param index the node
   * @param more what else the node's JVM gets, such as a task
   * @return the node
   * @throws IOException if it does not start
   */
  public NodeJvm startInOtherJvm(int index, UnaryOperator<NodeJvm.Launch> more) throws IOException {
    NodeJvm node = more.apply(launch(index)).start();
    jvms.set(index, node);
    return node;
  }

  /**
   * Adds a node named {@code name} in this JVM, through etcd, on a free port.
   *
   * @param name the node's name, {@code peanutcache.node.name}
   * @return its CacheManager
   * @throws IllegalStateException without {@link #etcd}
   */
  public CacheManager add(String name) {
    int index = reserve(name);
    try {
      return start(index);
    } catch (RuntimeException e) {
      forget(index);
      throw e;
    }
  }

  /**
   * Adds a node named {@code name} in a JVM of its own, through etcd, on a free port, and waits
   * until it serves.
   *
   * @param name the node's name, {@code peanutcache.node.name}
   * @return the node; it is killed when the cluster closes, if not before
   * @throws IOException if it does not start
   * @throws IllegalStateException without {@link #etcd}
   */
  public NodeJvm addInOtherJvm(String name) throws IOException {
    int index = reserve(name);
    try {
      return startInOtherJvm(index, UnaryOperator.identity());
    } catch (IOException | RuntimeException e) {
      forget(index);
      throw e;
    }
  }

  private int reserve(String name) {
    if (etcd == null) {
      throw new IllegalStateException("nodes are added through etcd; a static peer list is fixed at the start");
    }
    started = true;
    names.add(name);
    addresses.add(FreePorts.loopbackAddresses(1).get(0));
    managers.add(null);
    jvms.add(null);
    return names.size() - 1;
  }

  private void forget(int index) {
    names.remove(index);
    addresses.remove(index);
    managers.remove(index);
    jvms.remove(index);
  }

  private NodeJvm.Launch launch(int index) {
    Map<String, String> node = new LinkedHashMap<>();
    properties(index).forEach((key, value) -> node.put((String) key, (String) value));
    return NodeJvm.of(node).uri(uri);
  }

  /** The node settings of node {@code index}: its address, how it finds the others, and the rest. */
  private Properties properties(int index) {
    Properties properties = new Properties();
    properties.putAll(settings);
    perNode.forEach(ofNode -> properties.putAll(ofNode.apply(names.get(index))));
    properties.setProperty("peanutcache.bind", addresses.get(index));
    if (etcd == null) {
      properties.setProperty("peanutcache.peers", String.join(",", addresses));
    } else {
      properties.setProperty("peanutcache.node.name", names.get(index));
      properties.setProperty("peanutcache.etcd.endpoints", etcd.get());
      properties.setProperty("peanutcache.cluster", clusterName);
    }
    return properties;
  }

  /** Waits until every node in this JVM sees {@code count} members. */
  private void awaitMembers(int count) {
    long deadline = System.nanoTime() + FORMED_WITHIN.toNanos();
    while (managers.stream().filter(manager -> manager != null)
        .anyMatch(manager -> manager.unwrap(PeanutCacheManager.class).nodeStatus().orElseThrow().members().size() != count)) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the " + count + " nodes did not see each other through etcd within "
            + FORMED_WITHIN.toSeconds() + " s");
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while the nodes found each other", e);
      }
    }
  }

  /** Stops node {@code index} in this JVM: closes its CacheManager, which drops what it held. */
  public void stop(int index) {
    managers.get(index).close();
  }

  /** Starts node {@code index} again, empty, on its address, after {@link #stop}. */
  public void restart(int index) {
    start(index);
  }

  /** Kills node {@code index}, in a JVM of its own, with SIGKILL; waits until its JVM is gone. */
  public void kill(int index) {
    jvms.get(index).kill();
  }

  /** The node {@code index} that runs in a JVM of its own. */
  public NodeJvm jvm(int index) {
    return jvms.get(index);
  }

  /** The CacheManager of node {@code index}, in this JVM. */
  public CacheManager manager(int index) {
    return managers.get(index);
  }

  /**
   * A String key that node {@code index} owns in node 0's view: {@code prefix} and the first
   * number that makes one.
   *
   * @param index the owner's index
   * @param prefix the start of the key
   * @return the key
   */
  public String keyOwnedBy(int index, String prefix) {
    ClusterView view = Nodes.of(manager(0)).view();
    ValueCodec codec = new ValueCodec(InJvmCluster.class.getClassLoader());
    for (int i = 0; ; i++) {
      String key = prefix + i;
      if (view.ownerOf(view.partitionOf(codec.encode(key))).name().equals(name(index))) {
        return key;
      }
    }
  }

  /**
   * Puts one key that each node owns, through the node after it, into the String cache of that
   * name: the writes cross the network to every node.
   *
   * @param cacheName a cache of String keys and values, defined on every node
   * @return what was written, key to value ({@code value-<owner index>})
   */
  public Map<String, String> putOneKeyOwnedByEachNode(String cacheName) {
    Map<String, String> written = new LinkedHashMap<>();
    for (int owner = 0; owner < size(); owner++) {
      String key = keyOwnedBy(owner, "key-");
      manager((owner + 1) % size()).getCache(cacheName, String.class, String.class).put(key, "value-" + owner);
      written.put(key, "value-" + owner);
    }
    return written;
  }

  /** The number of nodes. */
  public int size() {
    return addresses.size();
  }

  /** The address of node {@code index}. */
  public String address(int index) {
    return addresses.get(index);
  }

  /** The member name of node {@code index}: its address, or its node name with etcd. */
  public String name(int index) {
    return names.get(index);
  }

  /** Every node's address, in order. */
  public List<String> addresses() {
    return Collections.unmodifiableList(addresses);
  }

  /** The name of the cluster in etcd, {@code peanutcache.cluster}, set when it is made. */
  public String clusterName() {
    return clusterName;
  }

  /**
   * Closes every CacheManager in this JVM, then kills every node in another JVM; a failure to
   * close one does not keep the others open.
   */
  @Override
  public void close() {
    RuntimeException failure = null;
    for (CacheManager manager : managers) {
      try {
        if (manager != null) {
          manager.close();
        }
      } catch (RuntimeException e) {
        failure = failure == null ? e : failure;
      }
    }
    jvms.stream().filter(jvm -> jvm != null).forEach(NodeJvm::close);
    if (failure != null) {
      throw failure;
    }
  }
}
