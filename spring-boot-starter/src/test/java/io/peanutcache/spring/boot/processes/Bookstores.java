package io.peanutcache.spring.boot.processes;

import io.peanutcache.testing.FreePorts;
import io.peanutcache.testing.TestJvms;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Instances of {@link BookstoreApplication}, each in a JVM of its own started with this JVM's
 * class path, on free loopback ports, forming one PeanutCache cluster. Each instance's output goes
 * to {@code target/bookstores/<name>-<index>.log}; the lines the application prints for the tests
 * ({@code REQUEST}, {@code COMPUTING}, {@code COMPUTED}) are also kept here to be awaited.
 * {@link #close} kills every instance.
 */
final class Bookstores implements AutoCloseable {

  private static final HttpClient HTTP = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(10))
      .build();
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Duration START_TIME = Duration.ofSeconds(120);

  /** One instance: its JVM, its ports, the marked lines it printed. */
  static final class Instance {
    final int index;
    final int httpPort;
    /** The node's PeanutCache address, which is also its name on the ring. */
    final String address;
    final Path log;
    private Process process;
    /** The lines it printed for the tests, in order. Guarded by itself. */
    private final List<String> marked = new ArrayList<>();

    private Instance(int index, int httpPort, String address, Path log) {
      this.index = index;
      this.httpPort = httpPort;
      this.address = address;
      this.log = log;
    }

    /** The marked lines printed so far that {@code wanted} accepts. */
    List<String> lines(Predicate<String> wanted) {
      synchronized (marked) {
        return marked.stream().filter(wanted).toList();
      }
    }

    /** Waits until {@code count} marked lines that {@code wanted} accepts have been printed. */
    void awaitLines(Predicate<String> wanted, int count, Duration timeout)
        throws InterruptedException {
      long deadline = System.nanoTime() + timeout.toNanos();
      synchronized (marked) {
        while (marked.stream().filter(wanted).count() < count) {
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            throw new AssertionError("instance " + index + " printed " + marked
                + " but not the awaited lines within " + timeout + "; see " + log);
          }
          TimeUnit.NANOSECONDS.timedWait(marked, left);
        }
      }
    }

    private void drain(BufferedReader output) {
      try (PrintWriter file = new PrintWriter(Files.newBufferedWriter(log))) {
        String line;
        while ((line = output.readLine()) != null) {
          file.println(line);
          file.flush();
          if (line.startsWith("REQUEST ") || line.startsWith("COMPUTING ")
              || line.startsWith("COMPUTED ")) {
            synchronized (marked) {
              marked.add(line);
              marked.notifyAll();
            }
          }
        }
      } catch (IOException ended) {
        // the process is gone
      }
    }
  }

  private final List<Instance> instances = new ArrayList<>();

  private Bookstores() {}

  /**
   * Starts {@code count} instances at once and waits until each is UP and sees every member.
   *
   * @param name names the log files
   * @param count how many instances
   * @param settings the PeanutCache settings of instance {@code i}, given its address and all the
   *     addresses, each as {@code --key=value}
   */
  static Bookstores start(String name, int count, Settings settings)
      throws IOException, InterruptedException {
    Bookstores started = new Bookstores();
    try {
      List<Integer> ports = FreePorts.ports(2 * count);
      List<String> addresses = ports.subList(count, 2 * count).stream()
          .map(port -> "127.0.0.1:" + port).toList();
      Path logs = Files.createDirectories(Path.of("target", "bookstores"));
      for (int i = 0; i < count; i++) {
        Instance instance = new Instance(i, ports.get(i), addresses.get(i),
            logs.resolve(name + "-" + i + ".log"));
        started.instances.add(instance);
        started.launch(instance, settings.of(i, addresses));
      }
      for (Instance instance : started.instances) {
        started.awaitMembers(instance, count);
      }
      return started;
    } catch (IOException | InterruptedException | RuntimeException | Error e) {
      started.close();
      throw e;
    }
  }

  /** The settings of one instance. */
  @FunctionalInterface
  interface Settings {
    List<String> of(int index, List<String> addresses);
  }

  private void launch(Instance instance, List<String> settings) throws IOException {
    List<String> command = TestJvms.command(TestJvms.OPTIONS, BookstoreApplication.class);
    command.addAll(List.of(
        "--server.port=" + instance.httpPort,
        "--server.address=127.0.0.1",
        "--peanutcache.bind=" + instance.address,
        "--spring.cache.cache-names=titles,failures,async,reactive",
        "--management.endpoints.web.exposure.include=health,metrics,peanutcache",
        "--management.endpoint.health.show-details=always",
        "--spring.main.banner-mode=off"));
    command.addAll(settings);
    instance.process = new ProcessBuilder(command).redirectErrorStream(true).start();
    BufferedReader output = new BufferedReader(
        new InputStreamReader(instance.process.getInputStream(), StandardCharsets.UTF_8));
    Thread drain = new Thread(() -> instance.drain(output), "drain bookstore " + instance.index);
    drain.setDaemon(true);
    drain.start();
  }

  /** Polls the instance's health until it is UP with {@code count} members. */
  private void awaitMembers(Instance instance, int count) throws InterruptedException {
    long deadline = System.nanoTime() + START_TIME.toNanos();
    String last = "no answer";
    while (System.nanoTime() < deadline) {
      if (!instance.process.isAlive()) {
        throw new IllegalStateException("instance " + instance.index + " exited with "
            + instance.process.exitValue() + "; see " + instance.log);
      }
      try {
        HttpResponse<String> health = get(instance.index, "/actuator/health");
        last = health.statusCode() + " " + health.body();
        if (health.statusCode() == 200) {
          JsonNode members = JSON.readTree(health.body())
              .path("components").path("peanutcache").path("details").path("members");
          if (members.size() == count) {
            return;
          }
        }
      } catch (IOException notYet) {
        last = notYet.toString();
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException("instance " + instance.index + " was not UP with " + count
        + " members within " + START_TIME + "; last health: " + last + "; see " + instance.log);
  }

  Instance instance(int index) {
    return instances.get(index);
  }

  int size() {
    return instances.size();
  }

  /** The index of the instance whose PeanutCache node is named {@code node}. */
  int indexOf(String node) {
    for (Instance instance : instances) {
      if (instance.address.equals(node)) {
        return instance.index;
      }
    }
    throw new AssertionError("no instance is node " + node);
  }

  private static HttpRequest request(Instance instance, String path, Duration timeout) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + instance.httpPort + path))
        .timeout(timeout).build();
  }

  /** GETs {@code path} of instance {@code index}, waiting at most 60 s for the answer. */
  HttpResponse<String> get(int index, String path) throws IOException, InterruptedException {
    return HTTP.send(request(instance(index), path, Duration.ofSeconds(60)),
        HttpResponse.BodyHandlers.ofString());
  }

  /** GETs {@code path} of instance {@code index}, expecting 200, as JSON. */
  JsonNode getJson(int index, String path) throws IOException, InterruptedException {
    HttpResponse<String> response = get(index, path);
    if (response.statusCode() != 200) {
      throw new AssertionError("GET " + path + " on instance " + index + " answered "
          + response.statusCode() + ": " + response.body());
    }
    return JSON.readTree(response.body());
  }

  /** Sends a GET of {@code path} to instance {@code index} without waiting for the answer. */
  CompletableFuture<HttpResponse<String>> send(int index, String path, Duration timeout) {
    return HTTP.sendAsync(request(instance(index), path, timeout),
        HttpResponse.BodyHandlers.ofString());
  }

  /** POSTs to {@code path} of instance {@code index}, expecting 200. */
  void post(int index, String path) throws IOException, InterruptedException {
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + instance(index).httpPort + path))
        .POST(HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(60)).build(),
        HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new AssertionError("POST " + path + " on instance " + index + " answered "
          + response.statusCode() + ": " + response.body());
    }
  }

  /** Kills instance {@code index} with SIGKILL and waits until it is gone. */
  void kill(int index) throws InterruptedException {
    Process process = instance(index).process;
    process.destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("instance " + index + " did not die within 30 s of SIGKILL");
    }
  }

  /** Kills every instance and waits until each is gone. */
  @Override
  public void close() {
    TestJvms.killAll(instances.stream().map(instance -> instance.process).toList());
  }
}
