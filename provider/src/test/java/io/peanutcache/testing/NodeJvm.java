package io.peanutcache.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import javax.cache.CacheManager;

/**
 * A PeanutCache node in a JVM of its own, running {@link NodeJvmMain} on the tests' class path (so
 * that it can deserialize the tests' loaders, processors, listeners and expiry policies), which a
 * test stops by closing its standard input or kills with SIGKILL.
 *
 * <p>The node's standard output carries only its handshake: {@value #READY} once it serves and,
 * when it is stopped, {@value #OWNER_OPERATIONS} with the number of key operations it ran as
 * owner. Its log (standard error) goes to a file, which a failure to start names; a log file the
 * fixture chose itself is deleted once the node, having served, is gone.
 */
public final class NodeJvm implements AutoCloseable {

  /** The line a node prints once it serves, followed by its name. */
  static final String READY = "READY";

  /** The line a node prints when it stops, followed by its owner operations. */
  static final String OWNER_OPERATIONS = "OWNER_OPERATIONS";

  /** What every node JVM gets: a small heap, and a collector that is light on a busy machine. */
  private static final List<String> OPTIONS = List.of("-Xmx256m", "-XX:+UseSerialGC");

  /** How long a node may take to serve: a JVM's start on two busy cores can take a while. */
  private static final long READY_TIMEOUT_SECONDS = 60;

  private static final long STOP_TIMEOUT_SECONDS = 30;

  private final String address;
  private final Path log;
  private final boolean ownLog;
  private final Process process;
  private final CompletableFuture<Void> ready = new CompletableFuture<>();
  private final CompletableFuture<Long> ownerOperations = new CompletableFuture<>();

  private NodeJvm(String address, Path log, boolean ownLog, Process process) {
    this.address = address;
    this.log = log;
    this.ownLog = ownLog;
    this.process = process;
  }

  /**
   * A node to launch with {@code settings}, the node settings its CacheManager is opened with.
   *
   * @param settings the node settings, {@code peanutcache.bind} among them
   * @return the launch, to be given more and then started
   */
  public static Launch of(Map<String, String> settings) {
    return new Launch(settings);
  }

  /**
   * Launches every node at once and waits until each serves; if one does not, kills them all.
   *
   * @param launches the nodes
   * @return the nodes, serving, in the order given
   * @throws IOException if a node cannot be started or does not become ready
   */
  public static List<NodeJvm> startAll(List<Launch> launches) throws IOException {
    List<NodeJvm> started = new ArrayList<>();
    try {
      for (Launch launch : launches) {
        started.add(launch.launch());
      }
      for (NodeJvm node : started) {
        node.awaitReady();
      }
      return started;
    } catch (IOException | RuntimeException e) {
      started.forEach(NodeJvm::kill);
      throw e;
    }
  }

  /** How a node is to be launched: its settings, its CacheManager's URI, its JVM's properties. */
  public static final class Launch {

    private final Map<String, String> settings;
    private final Map<String, String> systemProperties = new LinkedHashMap<>();
    private URI uri;
    private Class<? extends Consumer<CacheManager>> task;
    private Path log;

    private Launch(Map<String, String> settings) {
      this.settings = Map.copyOf(settings);
    }

    /**
     * The URI of the node's CacheManager; without it, the provider's default URI.
     *
     * @param uri the URI
     * @return this launch
     */
    public Launch uri(URI uri) {
      this.uri = uri;
      return this;
    }

    /**
     * A system property of the node's JVM, for what is not a node setting.
     *
     * @param key the property
     * @param value its value
     * @return this launch
     */
    public Launch systemProperty(String key, String value) {
      systemProperties.put(key, value);
      return this;
    }

    /**
     * Work the node starts on a thread of its own once it serves: a public class with a public
     * no-argument constructor, given the node's CacheManager; it reads what else it needs from
     * the system properties this launch sets.
     *
     * @param task the task's class
     * @return this launch
     */
    public Launch task(Class<? extends Consumer<CacheManager>> task) {
      this.task = task;
      return this;
    }

    /**
     * The file the node's log goes to; without it, a temporary file.
     *
     * @param file the log file
     * @return this launch
     */
    public Launch log(Path file) {
      this.log = file;
      return this;
    }

    /**
     * Starts the node's JVM; {@link NodeJvm#awaitReady()} waits until the node serves.
     *
     * @return the node, starting
     * @throws IOException if the JVM cannot be started
     */
    public NodeJvm launch() throws IOException {
      List<String> options = new ArrayList<>(OPTIONS);
      systemProperties.forEach((key, value) -> options.add("-D" + key + "=" + value));
      List<String> command = TestJvms.command(options, TestJvms.testClassPath(), NodeJvmMain.class);
      if (uri != null) {
        command.add(NodeJvmMain.URI_ARGUMENT + uri);
      }
      if (task != null) {
        command.add(NodeJvmMain.TASK_ARGUMENT + task.getName());
      }
      settings.forEach((key, value) -> command.add(key + "=" + value));
      Path file = log != null ? log : Files.createTempFile("peanutcache-node-", ".log");
      Files.createDirectories(file.toAbsolutePath().getParent());
      Process process = new ProcessBuilder(command).redirectError(file.toFile()).start();
      NodeJvm node = new NodeJvm(settings.get("peanutcache.bind"), file, log == null, process);
      Thread reader = new Thread(node::readOutput, "node JVM " + node.address);
      reader.setDaemon(true);
      reader.start();
      return node;
    }

    /**
     * Starts the node's JVM and waits until the node serves.
     *
     * @return the node, serving
     * @throws IOException if the JVM cannot be started or the node does not become ready
     */
    public NodeJvm start() throws IOException {
      NodeJvm node = launch();
      node.awaitReady();
      return node;
    }
  }

  /** Reads the handshake, and drains the rest so that the node never blocks on its output. */
  private void readOutput() {
    try (BufferedReader output = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = output.readLine()) != null) {
        if (line.startsWith(READY)) {
          ready.complete(null);
        } else if (line.startsWith(OWNER_OPERATIONS + " ")) {
          ownerOperations.complete(Long.parseLong(line.substring(OWNER_OPERATIONS.length() + 1).trim()));
        }
      }
    } catch (IOException | NumberFormatException e) {
      // the node is gone, or said something else: what it did not report stays unknown
    }
    ready.completeExceptionally(new IOException("the node exited before it was ready"));
    ownerOperations.complete(-1L);
  }

  /** The node's bind address, its name on a static peer list. */
  public String address() {
    return address;
  }

  /** The file holding the node's log. */
  public Path log() {
    return log;
  }

  /**
   * Waits until the node serves.
   *
   * @throws IOException if it exits or does not become ready in time (it is then killed); the
   *     message names its log
   */
  public void awaitReady() throws IOException {
    try {
      ready.get(READY_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      process.destroyForcibly();
      throw new IOException("the node " + address + " did not become ready within " + READY_TIMEOUT_SECONDS
          + " s (" + (e instanceof ExecutionException ? e.getCause() : e) + "); see " + log, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      throw new IOException("interrupted while waiting for the node " + address, e);
    }
  }

  /**
   * Stops the node by closing its standard input, and reads the owner operations it reports.
   *
   * @return the key operations the node ran as owner, or -1 if it did not report them
   */
  public long stop() {
    long reported = -1;
    try {
      process.getOutputStream().close();
      reported = ownerOperations.get(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      if (!process.waitFor(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (IOException | ExecutionException | TimeoutException e) {
      process.destroyForcibly();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
    forgetLog();
    return reported;
  }

  /**
   * Terminates the node's JVM with SIGTERM, as a service manager stops a process, and waits until
   * it is gone (its shutdown hooks run first).
   *
   * @throws IllegalStateException if it is still running after the wait
   */
  public void terminate() throws IOException, InterruptedException {
    TestJvms.signal(process, "-TERM"); // Process.destroy would close its standard input as well
    if (!process.waitFor(STOP_TIMEOUT_SECONDS * 2, TimeUnit.SECONDS)) {
      throw new IllegalStateException("the node " + address + " still runs " + STOP_TIMEOUT_SECONDS * 2
          + " s after SIGTERM; see " + log);
    }
  }

  /** Freezes the node's JVM with SIGSTOP: it holds its connections and answers nothing. */
  public void freeze() throws IOException, InterruptedException {
    TestJvms.signal(process, "-STOP");
  }

  /** Lets a frozen node go on with SIGCONT. */
  public void thaw() throws IOException, InterruptedException {
    TestJvms.signal(process, "-CONT");
  }

  /** Kills the node with SIGKILL and waits until its JVM is gone (30 s at most). */
  public void kill() {
    TestJvms.killAll(List.of(process));
    forgetLog();
  }

  /** Kills the node, if it still runs. */
  @Override
  public void close() {
    if (process.isAlive()) {
      kill();
    }
  }

  /** Deletes a log of the fixture's choosing once the node that served is gone: it told nothing. */
  private void forgetLog() {
    if (ownLog && !process.isAlive() && ready.isDone() && !ready.isCompletedExceptionally()) {
      try {
        Files.deleteIfExists(log);
      } catch (IOException e) {
        // a temporary file: left to the system
      }
    }
  }
}
