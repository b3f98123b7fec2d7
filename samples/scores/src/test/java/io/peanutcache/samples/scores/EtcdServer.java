package io.peanutcache.samples.scores;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
final class EtcdServer implements BeforeAllCallback, AfterAllCallback {

  /** One key and its value in etcd's JSON answers, both in Base64. */
  private static final Pattern KEY_VALUE =
      Pattern.compile("\"key\":\"([A-Za-z0-9+/=]*)\"[^}]*?\"value\":\"([A-Za-z0-9+/=]*)\"");

  private final HttpClient http = HttpClient.newBuilder()
      .connectTimeout(Duration.ofMillis(500))
      .build();
  private Path dataDir;
  private Path log;
  private int clientPort;
  private Process process;

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    String binary = binary();
    dataDir = Files.createTempDirectory("scores-etcd-");
    log = dataDir.resolveSibling(dataDir.getFileName() + ".log");
    List<String> ports = RunningCluster.freeAddresses(2);
    String client = "http://" + ports.get(0);
    String peer = "http://" + ports.get(1);
    clientPort = URI.create(client).getPort();
    ProcessBuilder builder = new ProcessBuilder(binary, "--name", "scores-test",
        "--data-dir", dataDir.toString(),
        "--listen-client-urls", client, "--advertise-client-urls", client,
        "--listen-peer-urls", peer, "--initial-advertise-peer-urls", peer,
        "--initial-cluster", "scores-test=" + peer, "--initial-cluster-state", "new")
        .redirectErrorStream(true)
        .redirectOutput(log.toFile());
    builder.environment().keySet().removeIf(name -> name.startsWith("ETCD_"));
    process = builder.start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!healthy()) {
      if (!process.isAlive()) {
        throw new IllegalStateException("etcd exited with " + process.exitValue() + "; see " + log);
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("etcd did not become healthy within 20 s on " + client
            + "; see " + log);
      }
      Thread.sleep(20);
    }
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    if (process != null) {
      process.destroy();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    }
    if (dataDir != null) {
      try (Stream<Path> files = Files.walk(dataDir)) {
        files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
      }
      Files.deleteIfExists(log);
    }
  }

  /**
   * The client URL, for {@code --etcd}.
   *
   * @return {@code http://127.0.0.1:<port>}
   */
  URI endpoint() {
    return URI.create("http://127.0.0.1:" + clientPort);
  }

  /**
   * Every key under {@code prefix} and its value, read through etcd's JSON gateway, as
   * {@code etcdctl get --prefix} shows them.
   *
   * @param prefix the keys' prefix, not empty
   * @return the values by key, sorted by key
   */
  Map<String, String> read(String prefix) throws IOException, InterruptedException {
    byte[] start = prefix.getBytes(StandardCharsets.UTF_8);
    byte[] end = start.clone();
    end[end.length - 1]++;
    String body = "{\"key\":\"" + base64(start) + "\",\"range_end\":\"" + base64(end) + "\"}";
    HttpResponse<String> response = http.send(
        HttpRequest.newBuilder(URI.create(endpoint() + "/v3/kv/range"))
            .timeout(Duration.ofSeconds(3))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException("etcd answered " + response.statusCode() + ": " + response.body());
    }
    Map<String, String> values = new TreeMap<>();
    Matcher keyValue = KEY_VALUE.matcher(response.body());
    while (keyValue.find()) {
      values.put(text(keyValue.group(1)), text(keyValue.group(2)));
    }
    return values;
  }

  private boolean healthy() {
    try {
      HttpResponse<String> response = http.send(
          HttpRequest.newBuilder(URI.create(endpoint() + "/health"))
              .timeout(Duration.ofMillis(500)).build(),
          HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200 && response.body().contains("\"health\":\"true\"");
    } catch (IOException notYet) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static String base64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }

  private static String text(String base64) {
    return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
  }

  private static String binary() {
    String path = System.getenv().getOrDefault("PATH", "");
    for (String dir : path.split(File.pathSeparator)) {
      File candidate = new File(dir, "etcd");
      if (candidate.canExecute()) {
        return candidate.getPath();
      }
    }
    throw new IllegalStateException("this test needs a real etcd, and there is no etcd on the PATH"
        + " (" + path + "); install it with: sudo apt-get install etcd-server (Debian/Ubuntu), or"
        + " put an etcd 3.4+ binary on the PATH");
  }
}
