package io.peanutcache.samples.bookstore;

import static org.junit.jupiter.api.Assertions.fail;

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
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Three instances of the bookstore, each {@code java -jar target/bookstore.jar} in a process of
 * its own, as a user starts them, on free loopback ports. Each process's output is read on a
 * thread of its own (so that its pipe never fills), kept for the tests and written to
 * {@code target/bookstore-it/<name>-<n>.log}. Closing stops the processes one after another, as
 * a rolling stop does, each forcibly if it does not stop within 20 seconds; a shutdown hook stops
 * them all at once if the test JVM exits first.
 */
final class BookstoreInstances implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration READY_WITHIN = Duration.ofMinutes(4);

  private final List<Instance> instances = new ArrayList<>();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final Thread killer = new Thread(this::killAll, "bookstore-instances-killer");

  /** One instance: its command, its addresses, its process and its output so far. */
  static final class Instance {
    private final int index;
    private final List<String> command;
    private final String baseUrl;
    private final String bind;
    private final Path log;
    private final List<String> output = new CopyOnWriteArrayList<>();
    private volatile Process process;

    Instance(int index, List<String> command, String baseUrl, String bind, Path log) {
      this.index = index;
      this.command = command;
      this.baseUrl = baseUrl;
      this.bind = bind;
      this.log = log;
    }

    /** 0, 1 or 2. */
    int index() {
      return index;
    }

    /** http://127.0.0.1:port */
    String baseUrl() {
      return baseUrl;
    }

    /** Its peanutcache.bind, which is also its node's name. */
    String bind() {
      return bind;
    }

    /** Every line it has written. */
    List<String> output() {
      return output;
    }

    private void start() throws IOException {
      process = new ProcessBuilder(command).redirectErrorStream(true).start();
      readOutput(process, output, log);
    }
  }

  private BookstoreInstances() {
    Runtime.getRuntime().addShutdownHook(killer);
  }

  /**
   * Starts three instances at once and waits until each reports itself UP with a cluster of the
   * three.
   *
   * @param name the name of the run, for the log files
   * @param httpPorts the instances' HTTP ports
   * @param binds the instances' PeanutCache addresses, {@code 127.0.0.1:port}
   * @param common the arguments every instance gets (database, membership)
   * @return the running instances
   */
  static BookstoreInstances start(String name, List<Integer> httpPorts, List<String> binds,
      List<String> common) throws IOException, InterruptedException {
    Path jar = Path.of(System.getProperty("bookstore.jar", "target/bookstore.jar"));
    if (!Files.isRegularFile(jar)) {
      fail(jar + " is missing: these tests run the repackaged jar, which mvn verify builds first");
    }
    Path logs = Files.createDirectories(jar.toAbsolutePath().getParent().resolve("bookstore-it"));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    BookstoreInstances started = new BookstoreInstances();
    try {
      for (int i = 0; i < httpPorts.size(); i++) {
        List<String> command = new ArrayList<>(List.of(java,
            // small and quick to start: three of these share a busy machine with the build
            "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
            "-jar", jar.toString(),
            "--server.address=127.0.0.1", "--server.port=" + httpPorts.get(i),
            "--peanutcache.bind=" + binds.get(i)));
        command.addAll(common);
        started.instances.add(new Instance(i, List.copyOf(command), "http://127.0.0.1:" + httpPorts.get(i),
            binds.get(i), logs.resolve(name + "-" + (i + 1) + ".log")));
      }
      for (Instance instance : started.instances) {
        instance.start();
      }
      started.awaitReady(binds.size());
      return started;
    } catch (IOException | InterruptedException | RuntimeException | Error e) {
      started.close();
      throw e;
    }
  }

  /** The instances, in the order of their ports. */
  List<Instance> all() {
    return instances;
  }

  /** Instance {@code index} (0, 1 or 2). */
  Instance instance(int index) {
    return instances.get(index);
  }

  /**
   * {@code GET path} on an instance.
   *
   * @return the response, whatever its status
   */
  HttpResponse<String> get(Instance instance, String path) throws IOException, InterruptedException {
    return send(instance, HttpRequest.newBuilder(URI.create(instance.baseUrl() + path)).GET());
  }

  /** {@code PUT path} with a JSON body on an instance. */
  HttpResponse<String> put(Instance instance, String path, String json)
      throws IOException, InterruptedException {
    return send(instance, HttpRequest.newBuilder(URI.create(instance.baseUrl() + path))
        .header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString(json)));
  }

  /** {@code DELETE path} on an instance. */
  HttpResponse<String> delete(Instance instance, String path) throws IOException, InterruptedException {
    return send(instance, HttpRequest.newBuilder(URI.create(instance.baseUrl() + path)).DELETE());
  }

  /** {@code GET path} on an instance, answered 200, as JSON. */
  JsonNode json(Instance instance, String path) throws IOException, InterruptedException {
    HttpResponse<String> response = get(instance, path);
    if (response.statusCode() != 200) {
      fail("GET " + path + " on instance " + (instance.index() + 1) + " answered "
          + response.statusCode() + ": " + response.body());
    }
    return JSON.readTree(response.body());
  }

  /** Parses a response body. */
  static JsonNode parse(String body) {
    return JSON.readTree(body);
  }

  /**
   * The sum over the instances of {@code bookstore.lookups}: the database lookups of single
   * books the cluster has made.
   */
  long lookups() throws IOException, InterruptedException {
    long sum = 0;
    for (Instance instance : instances) {
      sum += count(instance, "/actuator/metrics/bookstore.lookups");
    }
    return sum;
  }

  /** A meter's {@code COUNT} on one instance, through {@code /actuator/metrics}. */
  long count(Instance instance, String metricPath) throws IOException, InterruptedException {
    for (JsonNode measurement : json(instance, metricPath).path("measurements")) {
      if (measurement.path("statistic").asString().equals("COUNT")) {
        return (long) measurement.path("value").asDouble();
      }
    }
    throw new AssertionError(metricPath + " on instance " + (instance.index() + 1) + " has no COUNT");
  }

  /**
   * The lines in which the instances logged a database lookup of {@code isbn}, once at least
   * {@code atLeast} have been read from their output (a line is written before the response, but
   * read from the pipe by another thread), or after 30 seconds.
   *
   * @return each line, prefixed with the instance's number
   */
  List<String> lookupLines(String isbn, int atLeast) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      List<String> lines = new ArrayList<>();
      for (Instance instance : instances) {
        for (String line : instance.output()) {
          if (line.contains("looked up " + isbn + " in the database")) {
            lines.add((instance.index() + 1) + ": " + line);
          }
        }
      }
      if (lines.size() >= atLeast || System.nanoTime() > deadline) {
        return lines;
      }
      Thread.sleep(50);
    }
  }

  /**
   * Stops the instances one after another (SIGTERM, then SIGKILL after 20 seconds). Each hands
   * its partitions over to the instances still running, if the instances find each other through
   * etcd; stopped all at once, each would wait the hand-off timeout for new owners that are
   * stopping too.
   */
  @Override
  public void close() {
    for (Instance instance : instances) {
      if (instance.process != null) {
        instance.process.destroy();
        awaitExit(instance);
      }
    }
    try {
      Runtime.getRuntime().removeShutdownHook(killer);
    } catch (IllegalStateException shuttingDown) {
      // the hook is running or has run
    }
  }

  /** Stops every instance at once (SIGTERM, then SIGKILL after 20 seconds). */
  private void killAll() {
    for (Instance instance : instances) {
      if (instance.process != null) {
        instance.process.destroy();
      }
    }
    for (Instance instance : instances) {
      if (instance.process != null) {
        awaitExit(instance);
      }
    }
  }

  /** Waits up to 20 seconds for a stopped instance to exit, then kills it with SIGKILL. */
  private static void awaitExit(Instance instance) {
    try {
      if (!instance.process.waitFor(20, TimeUnit.SECONDS)) {
        instance.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      instance.process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private HttpResponse<String> send(Instance instance, HttpRequest.Builder request)
      throws IOException, InterruptedException {
    return http.send(request.timeout(Duration.ofSeconds(60)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /**
   * Polls each instance's /actuator/health until it is UP with {@code members} members, failing
   * as soon as any instance exits, with its last lines.
   */
  private void awaitReady(int members) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + READY_WITHIN.toNanos();
    for (Instance instance : instances) {
      String last = "no answer yet";
      while (true) {
        for (Instance any : instances) {
          if (!any.process.isAlive()) {
            fail("instance " + (any.index + 1) + " exited with " + any.process.exitValue()
                + " before the three were ready; its last lines:\n" + tail(any));
          }
        }
        try {
          HttpResponse<String> health = get(instance, "/actuator/health");
          last = health.statusCode() + " " + health.body();
          JsonNode body = parse(health.body());
          if (health.statusCode() == 200 && body.path("status").asString().equals("UP")
              && body.path("components").path("peanutcache").path("details").path("members").size() == members) {
            break;
          }
        } catch (IOException notListeningYet) {
          last = notListeningYet.toString();
        }
        if (System.nanoTime() > deadline) {
          fail("instance " + (instance.index + 1) + " was not UP with " + members + " members within "
              + READY_WITHIN.toMinutes() + " minutes; /actuator/health: " + last + "\nits last lines:\n"
              + tail(instance));
        }
        Thread.sleep(500);
      }
    }
  }

  private static String tail(Instance instance) {
    List<String> output = instance.output();
    return String.join("\n", output.subList(Math.max(0, output.size() - 40), output.size()));
  }

  private static void readOutput(Process process, List<String> output, Path log)
      throws IOException {
    PrintWriter file = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8,
        StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING), true);
    Thread reader = new Thread(() -> {
      try (BufferedReader lines = new BufferedReader(
          new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)); file) {
        String line;
        while ((line = lines.readLine()) != null) {
          output.add(line);
          file.println(line);
        }
      } catch (IOException closedAsTheProcessWasStopped) {
        // the output ends here
      }
    }, "output of " + log.getFileName());
    reader.setDaemon(true);
    reader.start();
  }
}
