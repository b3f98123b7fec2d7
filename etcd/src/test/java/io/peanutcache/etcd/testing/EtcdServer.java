package io.peanutcache.etcd.testing;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.ClientBuilder;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.auth.Permission;
import io.etcd.jetcd.options.GetOption;
import io.grpc.netty.GrpcSslContexts;
import io.peanutcache.testing.FreePorts;
import io.peanutcache.testing.TestCertificates;
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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
 * <p>{@link #overTls} serves {@code https://} with a certificate of a test authority and takes
 * only clients with a certificate of that authority ({@code --cert-file}, {@code --key-file},
 * {@code --trusted-ca-file}, {@code --client-cert-auth}); {@link #withAuth} enables etcd's
 * authentication, with a root user, and {@link #addUser} adds users whose role may use one prefix.
 * The test itself reaches such an etcd as root through {@link #admin()}.
 *
 * <p>If there is no {@code etcd} on the PATH the class fails, saying how to install it: a test
 * that needs etcd never passes without it.
 */
public final class EtcdServer implements BeforeAllCallback, AfterAllCallback {

  /** The password of etcd's root user, with {@link #withAuth}. */
  private static final String ROOT_PASSWORD = "root-password";

  /** The authority of the certificates of an etcd {@link #overTls}; null for plain http. */
  private final TestCertificates authority;
  private boolean auth;

  private Path dataDir;
  private int clientPort;
  private int peerPort;
  /** Where an etcd over TLS serves /health and /metrics over plain http. */
  private int metricsPort;
  private TestCertificates.Issued serverCertificate;
  private TestCertificates.Issued rootCertificate;
  private Process process;
  /** A client as root, made on first use. */
  private Client admin;

  /** An etcd over plain http, without authentication. */
  public EtcdServer() {
    this(null);
  }

  private EtcdServer(TestCertificates authority) {
    this.authority = authority;
  }

  /**
   * An etcd that serves {@code https://} with a certificate {@code authority} signs (for
   * {@code localhost} and {@code 127.0.0.1}), and takes only clients with a certificate it signs.
   *
   * @param authority the authority of etcd's certificate and of the clients' certificates; its
   *     {@link TestCertificates#trust()} is what the nodes trust
   * @return the server
   */
  public static EtcdServer overTls(TestCertificates authority) {
    return new EtcdServer(authority);
  }

  /**
   * Enables etcd's authentication once it has started, with a root user: then only users may
   * call it ({@link #addUser}), or clients whose certificate's common name is a user.
   *
   * @return this server
   */
  public EtcdServer withAuth() {
    this.auth = true;
    return this;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    String binary = binary();
    dataDir = Files.createTempDirectory("peanutcache-etcd-");
    List<Integer> ports = FreePorts.ports(3);
    clientPort = ports.get(0);
    peerPort = ports.get(1);
    metricsPort = ports.get(2);
    if (authority != null) {
      serverCertificate = authority.issue("etcd-server");
      rootCertificate = authority.issue("root");
    }
    start(binary);
    if (auth) {
      enableAuth();
    }
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    closeAdmin();
    stop();
    if (dataDir != null) {
      try (Stream<Path> files = Files.walk(dataDir)) {
        files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
      }
    }
  }

  /** The client URL, {@code http://127.0.0.1:<port>}, or {@code https://} {@link #overTls}. */
  public String endpoint() {
    return (authority == null ? "http" : "https") + "://127.0.0.1:" + clientPort;
  }

  /**
   * A client of this etcd as its root user (over TLS, by the client certificate of root), for the
   * test's own reads and writes; closed with the server.
   *
   * @return the client
   */
  public synchronized Client admin() {
    if (admin == null) {
      ClientBuilder builder = Client.builder().endpoints(endpoint());
      if (authority != null) {
        try {
          builder.sslContext(GrpcSslContexts.forClient().trustManager(authority.trust().toFile())
              .keyManager(rootCertificate.certificate().toFile(), rootCertificate.key().toFile()).build());
        } catch (IOException e) {
          throw new IllegalStateException("cannot make the TLS context of etcd's root", e);
        }
      } else if (auth) {
        builder.user(bytes("root")).password(bytes(ROOT_PASSWORD));
      }
      admin = builder.build();
    }
    return admin;
  }

  /**
   * Adds an etcd user whose role, named after it, may read and write the keys under
   * {@code prefix}, and nothing else.
   *
   * @param user the user's name
   * @param password its password
   * @param prefix the keys it may use, such as {@code /peanutcache/orders/}
   */
  public void addUser(String user, String password, String prefix) {
    addUser(user, password, prefix, Permission.Type.READWRITE);
  }

  /**
   * Adds an etcd user whose role, named after it, has {@code permission} on the keys under
   * {@code prefix}, and nothing else.
   *
   * @param user the user's name
   * @param password its password
   * @param prefix the keys its role covers, such as {@code /peanutcache/orders/}
   * @param permission what it may do with them
   */
  public void addUser(String user, String password, String prefix, Permission.Type permission) {
    var auth = admin().getAuthClient();
    String role = user + "-role";
    byte[] end = prefix.getBytes(StandardCharsets.UTF_8);
    end[end.length - 1]++;
    call("add role " + role, auth.roleAdd(bytes(role)));
    call("grant " + permission + " on " + prefix, auth.roleGrantPermission(bytes(role), bytes(prefix),
        ByteSequence.from(end), permission));
    call("add user " + user, auth.userAdd(bytes(user), bytes(password)));
    call("grant role " + role + " to " + user, auth.userGrantRole(bytes(user), bytes(role)));
  }

  /** Adds the root user and role and enables authentication, as {@code etcdctl auth enable} does. */
  private void enableAuth() {
    var auth = admin().getAuthClient();
    call("add user root", auth.userAdd(bytes("root"), bytes(ROOT_PASSWORD)));
    call("add role root", auth.roleAdd(bytes("root")));
    call("grant role root to root", auth.userGrantRole(bytes("root"), bytes("root")));
    call("enable authentication", auth.authEnable());
    // a client made before authentication was on calls as nobody; root's over TLS is its certificate
    if (authority == null) {
      closeAdmin();
    }
  }

  private synchronized void closeAdmin() {
    if (admin != null) {
      admin.close();
      admin = null;
    }
  }

  private static <T> T call(String what, Future<T> call) {
    try {
      return call.get(10, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("etcd did not " + what + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while etcd was asked to " + what, e);
    }
  }

  private static ByteSequence bytes(String text) {
    return ByteSequence.from(text, StandardCharsets.UTF_8);
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
    String client = endpoint();
    String peer = "http://127.0.0.1:" + peerPort;
    List<String> command = new ArrayList<>(List.of(binary, "--name", "n1", "--data-dir", dataDir.toString(),
        "--listen-client-urls", client, "--advertise-client-urls", client,
        "--listen-peer-urls", peer, "--initial-advertise-peer-urls", peer,
        "--initial-cluster", "n1=" + peer, "--initial-cluster-state", "new",
        "--heartbeat-interval", "10", "--election-timeout", "100"));
    if (authority != null) {
      command.addAll(List.of("--cert-file", serverCertificate.certificate().toString(),
          "--key-file", serverCertificate.key().toString(), "--trusted-ca-file", authority.trust().toString(),
          "--client-cert-auth", "--listen-metrics-urls", plainUrl()));
    }
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
   * through etcd's JSON gateway (as root through {@link #admin()} {@link #overTls}).
   *
   * @param prefix the keys' prefix, not empty
   * @return the values by key, sorted by key
   * @throws IOException if etcd cannot be reached or refuses the request
   */
  public Map<String, String> read(String prefix) throws IOException {
    if (authority != null) {
      Map<String, String> values = new TreeMap<>();
      for (KeyValue each : call("read " + prefix, admin().getKVClient().get(bytes(prefix),
          GetOption.builder().isPrefix(true).build())).getKvs()) {
        values.put(each.getKey().toString(StandardCharsets.UTF_8), each.getValue().toString(StandardCharsets.UTF_8));
      }
      return values;
    }
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
   * @throws IllegalStateException for an etcd {@link #overTls}
   */
  public Set<Long> leases() throws IOException {
    if (authority != null) {
      throw new IllegalStateException("the leases are listed only of an etcd over plain http");
    }
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
    HttpURLConnection connection = (HttpURLConnection) URI.create(plainUrl() + "/metrics").toURL().openConnection();
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
      throw new IOException("etcd shows no metric " + name + " at " + plainUrl() + "/metrics");
    } finally {
      connection.disconnect();
    }
  }

  /** Where etcd serves /health and /metrics over plain http: its client URL, or its metrics URL over TLS. */
  private String plainUrl() {
    return authority == null ? endpoint() : "http://127.0.0.1:" + metricsPort;
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
      HttpURLConnection connection = (HttpURLConnection) URI.create(plainUrl() + "/health").toURL().openConnection();
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
