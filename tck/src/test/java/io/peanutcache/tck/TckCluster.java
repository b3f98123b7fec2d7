package io.peanutcache.tck;

import io.peanutcache.cluster.Nodes;
import io.peanutcache.settings.NodeSettings;
import io.peanutcache.spi.PeanutCachingProvider;
import io.peanutcache.testing.FreePorts;
import io.peanutcache.testing.NodeJvm;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.cache.spi.CachingProvider;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Runs the TCK's launcher session on a three-node cluster when the system property
 * {@value #ENABLED_PROPERTY} is {@code true}; does nothing otherwise (the embedded pass).
 *
 * <p>Registered through {@code META-INF/services/org.junit.platform.launcher.LauncherSessionListener}.
 * When the session opens, before any test makes a CacheManager, it picks three free loopback
 * ports, starts a node in a JVM of its own ({@link NodeJvm}, on the TCK JVM's class path, so that it
 * can deserialize the TCK's loaders, writers, listeners and expiry policies) on two of them and
 * gives this JVM the third through the {@code peanutcache.bind} and {@code peanutcache.peers} system
 * properties, so every CacheManager the TCK makes is a member of the cluster. The caches the TCK
 * creates are defined on the other nodes by this JVM's node; keys are spread over the three nodes
 * by the normal partition table. Store-by-reference caches stay on this JVM's node, as they do in
 * any cluster.
 *
 * <p>With {@value #TLS_PROPERTY} also {@code true}, the three nodes talk mutual TLS: the session
 * makes an authority and a node certificate ({@link TckCertificates}) in the log directory and
 * gives every node the {@code peanutcache.tls.*} settings. Before any test runs it checks, from
 * outside, that each node refuses a plaintext client and answers one with the cluster's
 * certificate ({@link TlsProbe}); if one does not, the session fails.
 *
 * <p>When the session closes it stops the two nodes and prints how many key operations each of the
 * three nodes ran as owner, the proof that the TCK's keys were spread, and how the nodes talked.
 * The nodes' logs are in the directory named by {@value #LOG_DIRECTORY_PROPERTY}.
 */
public final class TckCluster implements LauncherSessionListener {

  /** The system property that turns the cluster pass on. */
  static final String ENABLED_PROPERTY = "tck.cluster";

  /** The system property that makes the cluster pass's nodes talk mutual TLS. */
  static final String TLS_PROPERTY = "tck.cluster.tls";

  /** The system property naming the directory of the nodes' logs. */
  static final String LOG_DIRECTORY_PROPERTY = "tck.cluster.logs";

  /** The cluster's size: this JVM's node and {@code NODES - 1} node processes. */
  static final int NODES = 3;

  /**
   * The deadline of calls between nodes, the default, named here because the TCK shares two cores
   * with three JVMs, where a call to a node that is compiling or collecting can take a while
   * without anything being wrong.
   */
  private static final String RPC_TIMEOUT = "5s";

  /** The system properties a node process inherits from this JVM, when they are set. */
  private static final List<String> INHERITED_PROPERTIES = List.of(
      "java.net.preferIPv4Stack", "java.util.logging.config.file", "org.jsr107.tck.support.server.address");

  /**
   * The classes of the TCK that cross the network as Java-serialized objects, which a node's
   * allow-list must admit as an application's own classes would be: its entry processors,
   * loaders, writers, listeners, filters, expiry policies and domain types, and the address of
   * the server its loaders, writers and listeners report to, which they hold.
   */
  static final String TCK_CLASSES = "org.jsr107.tck.**,domain.**,java.net.Inet*";

  /** Guards against a second session in the same JVM starting a second cluster. */
  private static boolean started;

  private String self;
  private final List<NodeJvm> processes = new ArrayList<>();
  /** How the nodes talk, checked, for the summary; null until the cluster runs. */
  private String transport;

  /**
   * Whether this JVM runs the cluster pass.
   *
   * @return true when {@value #ENABLED_PROPERTY} is {@code true}
   */
  static boolean enabled() {
    return Boolean.getBoolean(ENABLED_PROPERTY);
  }

  /**
   * Whether this JVM runs the cluster pass over mutual TLS.
   *
   * @return true when {@value #ENABLED_PROPERTY} and {@value #TLS_PROPERTY} are {@code true}
   */
  static boolean tls() {
    return enabled() && Boolean.getBoolean(TLS_PROPERTY);
  }

  /**
   * The name of the pass this JVM runs, for the summary.
   *
   * @return {@code "3-node cluster"}, {@code "3-node cluster over TLS"} or {@code "embedded"}
   */
  static String passName() {
    return enabled() ? NODES + "-node cluster" + (tls() ? " over TLS" : "") : "embedded";
  }

  @Override
  public void launcherSessionOpened(LauncherSession session) {
    synchronized (TckCluster.class) {
      if (!enabled() || started) {
        return;
      }
      started = true;
    }
    List<String> addresses = FreePorts.loopbackAddresses(NODES);
    Path logs = Path.of(System.getProperty(LOG_DIRECTORY_PROPERTY, "target/tck-cluster"))
        .toAbsolutePath();
    forgetEarlierLogs(logs);
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put(NodeSettings.PEERS_PROPERTY, String.join(",", addresses));
    settings.put(NodeSettings.RPC_TIMEOUT_PROPERTY, RPC_TIMEOUT);
    settings.put(NodeSettings.SERIALIZATION_ALLOW_PROPERTY, TCK_CLASSES);
    TckCertificates certificates =
        tls() ? TckCertificates.makeIn(logs.resolve("certificates")) : null;
    if (certificates != null) {
      settings.putAll(certificates.nodeSettings());
    }
    List<NodeJvm.Launch> launches = new ArrayList<>();
    for (String address : addresses.subList(1, addresses.size())) {
      Map<String, String> node = new LinkedHashMap<>(settings);
      node.put(NodeSettings.BIND_PROPERTY, address);
      // the node's CacheManager is the default one, as the TCK's are
      NodeJvm.Launch launch =
          NodeJvm.of(node).log(logs.resolve("node-" + address.replace(':', '-') + ".log"));
      for (String inherited : INHERITED_PROPERTIES) {
        String value = System.getProperty(inherited);
        if (value != null) {
          launch.systemProperty(inherited, value);
        }
      }
      launches.add(launch);
    }
    try {
      processes.addAll(NodeJvm.startAll(launches));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the TCK's cluster", e);
    }
    self = addresses.get(0);
    System.setProperty(NodeSettings.BIND_PROPERTY, self);
    settings.forEach(System::setProperty);
    transport = certificates == null ? "plaintext" : checkTls(new TlsProbe(certificates));
  }

  /**
   * Checks that every node talks TLS, this JVM's first: it runs only while a CacheManager holds
   * it, so one is opened for the check alone.
   *
   * @return what the summary says of the transport
   * @throws IllegalStateException if a node does not talk TLS
   */
  private String checkTls(TlsProbe probe) {
    CachingProvider provider = new PeanutCachingProvider();
    try {
      provider.getCacheManager(URI.create("urn:peanutcache:tck-tls-check"),
          TckCluster.class.getClassLoader());
      probe.check(self);
      for (NodeJvm process : processes) {
        probe.check(process.address());
      }
    } catch (RuntimeException e) {
      processes.forEach(NodeJvm::kill);
      throw e;
    } finally {
      provider.close();
    }
    return "mutual TLS; each node refused a plaintext client and answered one with the cluster's"
        + " certificate";
  }

  @Override
  public void launcherSessionClosed(LauncherSession session) {
    if (self == null) {
      return;
    }
    Map<String, Long> ownerOperations = new LinkedHashMap<>();
    ownerOperations.put(self + " (TCK JVM)", Nodes.ownerOperations().getOrDefault(self, 0L));
    for (NodeJvm process : processes) {
      ownerOperations.put(process.address() + " (node JVM)", process.stop());
    }
    print(ownerOperations);
  }

  private void print(Map<String, Long> ownerOperations) {
    long total = ownerOperations.values().stream().mapToLong(count -> Math.max(count, 0)).sum();
    String nl = System.lineSeparator();
    String rule = "-".repeat(60);
    StringBuilder sb = new StringBuilder();
    sb.append(nl).append(rule).append(nl);
    sb.append("Key operations each node ran as owner (").append(passName()).append(" pass)").append(nl);
    sb.append(rule).append(nl);
    ownerOperations.forEach((node, count) -> sb.append(count < 0
        ? String.format("%-32s %12s%n", node, "not reported")
        : String.format("%-32s %12d %6.1f%%%n", node, count, total == 0 ? 0.0 : 100.0 * count / total)));
    sb.append(rule).append(nl);
    sb.append(String.format("%-32s %12d%n", "total", total));
    sb.append("Store-by-reference caches are node-local on the cluster; their operations are not counted.")
        .append(nl);
    sb.append("Transport: ").append(transport).append(nl);
    sb.append("Node logs: ").append(processes.isEmpty() ? "-" : processes.get(0).log().getParent()).append(nl);
    sb.append(rule).append(nl);
    PrintStream out = System.out;
    out.print(sb);
    out.flush();
  }

  /** Deletes the node logs of earlier runs, which had other ports, so the directory holds this run's. */
  private static void forgetEarlierLogs(Path logs) {
    try (DirectoryStream<Path> earlier = Files.newDirectoryStream(logs, "node-*.log")) {
      for (Path log : earlier) {
        Files.deleteIfExists(log);
      }
    } catch (NoSuchFileException none) {
      // the first run
    } catch (IOException e) {
      throw new UncheckedIOException("cannot clear the node logs in " + logs, e);
    }
  }
}
