package io.peanutcache.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real single-member etcd for a test class: the {@code etcd} binary of Debian's
 * {@code etcd-server} package, started on free loopback ports in a temporary directory before the
 * class and stopped (and its directory deleted) after it. Register it with
 * {@code @RegisterExtension static final EtcdServer ETCD = new EtcdServer();}.
 *
 * <p>If there is no {@code etcd} on the PATH the class fails, saying how to install it: a test
 * that needs etcd never passes without it.
 */
public final class EtcdServer implements BeforeAllCallback, AfterAllCallback {

  private Path dataDir;
  private int clientPort;
  private int peerPort;
  private Process process;

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    String binary = binary();
    dataDir = Files.createTempDirectory("peanutcache-etcd-");
    int[] ports = freePorts(2);
    clientPort = ports[0];
    peerPort = ports[1];
    start(binary);
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    stop();
    if (dataDir != null) {
      try (Stream<Path> files = Files.walk(dataDir)) {
        files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
      }
    }
  }

  /** The client URL, {@code http://127.0.0.1:<port>}. */
  public String endpoint() {
    return "http://127.0.0.1:" + clientPort;
  }

  /** Stops etcd (SIGTERM), keeping its data, so that {@link #restart} brings the same etcd back. */
  public void stop() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroy();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    }
    process = null;
  }

  /** Starts etcd again on the same ports with the same data, after {@link #stop}. */
  public void restart() throws IOException, InterruptedException {
    start(binary());
  }

  private void start(String binary) throws IOException, InterruptedException {
    String client = "http://127.0.0.1:" + clientPort;
    String peer = "http://127.0.0.1:" + peerPort;
    List<String> command = new ArrayList<>(List.of(binary, "--name", "n1", "--data-dir", dataDir.toString(),
        "--listen-client-urls", client, "--advertise-client-urls", client,
        "--listen-peer-urls", peer, "--initial-advertise-peer-urls", peer,
        "--initial-cluster", "n1=" + peer, "--initial-cluster-state", "new",
        "--heartbeat-interval", "10", "--election-timeout", "100"));
    ProcessBuilder builder = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(dataDir.resolveSibling(dataDir.getFileName() + ".log").toFile());
    Map<String, String> environment = builder.environment();
    environment.keySet().removeIf(name -> name.startsWith("ETCD_"));
    process = builder.start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!healthy()) {
      if (!process.isAlive()) {
        throw new IllegalStateException("etcd exited with " + process.exitValue() + "; see "
            + dataDir.resolveSibling(dataDir.getFileName() + ".log"));
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("etcd did not become healthy within 20 s on " + client);
      }
      Thread.sleep(20);
    }
  }

  private boolean healthy() {
    try {
      HttpURLConnection connection = (HttpURLConnection) URI.create(endpoint() + "/health").toURL().openConnection();
      connection.setConnectTimeout(200);
      connection.setReadTimeout(500);
      try {
        return connection.getResponseCode() == 200 && new String(connection.getInputStream().readAllBytes(),
            StandardCharsets.UTF_8).contains("\"health\":\"true\"");
      } finally {
        connection.disconnect();
      }
    } catch (IOException notYet) {
      return false;
    }
  }

  private static String binary() {
    String path = System.getenv().getOrDefault("PATH", "");
    for (String dir : path.split(File.pathSeparator)) {
      File candidate = new File(dir, "etcd");
      if (candidate.canExecute()) {
        return candidate.getPath();
      }
    }
    throw new IllegalStateException("this test needs a real etcd, and there is no etcd on the PATH ("
        + path + "); install it with: sudo apt-get install etcd-server (Debian/Ubuntu), or put an "
        + "etcd 3.4+ binary on the PATH");
  }

  private static int[] freePorts(int count) {
    List<ServerSocket> sockets = new ArrayList<>();
    try {
      int[] ports = new int[count];
      for (int i = 0; i < count; i++) {
        ServerSocket socket = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
        sockets.add(socket);
        ports[i] = socket.getLocalPort();
      }
      return ports;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot find free loopback ports", e);
    } finally {
      for (ServerSocket socket : sockets) {
        try {
          socket.close();
        } catch (IOException ignored) {
          // released either way
        }
      }
    }
  }
}
