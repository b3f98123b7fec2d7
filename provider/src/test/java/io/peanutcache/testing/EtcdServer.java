package io.peanutcache.testing;

import java.io.File;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
    List<Integer> ports = FreePorts.ports(2);
    clientPort = ports.get(0);
    peerPort = ports.get(1);
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
        .redirectOutput(Redirect.appendTo(dataDir.resolveSibling(dataDir.getFileName() + ".log").toFile()));
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

  /**
   * Every key under {@code prefix} and its value, as {@code etcdctl get --prefix} shows them, read
   * through etcd's JSON gateway.
   *
   * @param prefix the keys' prefix, not empty
   * @return the values by key, sorted by key
   * @throws IOException if etcd cannot be reached or refuses the request
   */
  public Map<String, String> read(String prefix) throws IOException {
    byte[] start = prefix.getBytes(StandardCharsets.UTF_8);
    byte[] end = start.clone();
    end[end.length - 1]++;
    String answer = post("/v3/kv/range", "{\"key\":\"" + base64(start) + "\",\"range_end\":\"" + base64(end) + "\"}",
        "a range read of " + prefix);
    Map<String, String> values = new TreeMap<>();
    Matcher keyValue = KEY_VALUE.matcher(answer);
    while (keyValue.find()) {
      values.put(text(keyValue.group(1)), text(keyValue.group(2)));
    }
    return values;
  }

  /**
   * Every lease etcd holds now, as {@code etcdctl lease list} shows them.
   *
   * @return the leases' ids
   * @throws IOException if etcd cannot be reached or refuses the request
   */
  public Set<Long> leases() throws IOException {
    String answer = post("/v3/lease/leases", "{}", "a list of the leases");
    Set<Long> leases = new TreeSet<>();
    Matcher lease = LEASE.matcher(answer);
    while (lease.find()) {
      leases.add(Long.parseLong(lease.group(1)));
    }
    return leases;
  }

  /** One lease in etcd's JSON answer to a list of the leases. */
  private static final Pattern LEASE = Pattern.compile("\\{\"ID\":\"(-?[0-9]+)\"");

  /** Posts {@code body} to etcd's JSON gateway at {@code path}; the answer. */
  private String post(String path, String body, String what) throws IOException {
    HttpURLConnection connection = (HttpURLConnection) URI.create(endpoint() + path).toURL().openConnection();
    connection.setConnectTimeout(500);
    connection.setReadTimeout(3_000);
    connection.setRequestMethod("POST");
    connection.setDoOutput(true);
    try {
      connection.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
      if (connection.getResponseCode() != 200) {
        throw new IOException("etcd answered " + connection.getResponseCode() + " to " + what);
      }
      return new String(connection.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    } finally {
      connection.disconnect();
    }
  }

  /**
   * The value of one of etcd's own gauges, as {@code /metrics} shows it now; for example
   * {@code etcd_debugging_mvcc_watcher_total}, the watchers etcd keeps for its clients.
   *
   * @param name the metric's name, without labels
   * @return its value
   * @throws IOException if etcd cannot be reached or shows no such metric
   */
  public long metric(String name) throws IOException {
    HttpURLConnection connection = (HttpURLConnection) URI.create(endpoint() + "/metrics").toURL().openConnection();
    connection.setConnectTimeout(500);
    connection.setReadTimeout(3_000);
    try {
      if (connection.getResponseCode() != 200) {
        throw new IOException("etcd answered " + connection.getResponseCode() + " to a read of its metrics");
      }
      String text = new String(connection.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      for (String line : text.split("\n")) {
        if (line.startsWith(name + " ")) {
          return (long) Double.parseDouble(line.substring(name.length() + 1).trim());
        }
      }
      throw new IOException("etcd shows no metric " + name + " at " + endpoint() + "/metrics");
    } finally {
      connection.disconnect();
    }
  }

  /** One key and its value in etcd's JSON answers, both in Base64. */
  private static final Pattern KEY_VALUE =
      Pattern.compile("\"key\":\"([A-Za-z0-9+/=]*)\"[^}]*?\"value\":\"([A-Za-z0-9+/=]*)\"");

  private static String base64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }

  private static String text(String base64) {
    return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
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
}
