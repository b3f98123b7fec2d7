package io.peanutcache.tck;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A cluster node running {@link NodeMain} in a JVM of its own, on the TCK JVM's class path (so it
 * can deserialize the TCK's loaders, writers, listeners and expiry policies, and their clients can
 * call back to the servers in the TCK JVM).
 *
 * <p>The node's standard error, where its log goes, is written to a file so a failure can be
 * diagnosed; its standard output carries only the {@link NodeMain#READY} handshake and, when the
 * node is stopped by closing its standard input, its {@link NodeMain#OWNER_OPERATIONS} count.
 */
final class NodeProcess {

  private static final long READY_TIMEOUT_SECONDS = 60;
  private static final long STOP_TIMEOUT_SECONDS = 30;

  private final String address;
  private final Path log;
  private final Process process;
  private final BufferedReader output;
  private final CompletableFuture<Void> ready = new CompletableFuture<>();

  private NodeProcess(String address, Path log, Process process) {
    this.address = address;
    this.log = log;
    this.process = process;
    this.output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
  }

  /**
   * Launches a node; {@link #awaitReady()} waits until it serves.
   *
   * @param address the node's bind address
   * @param settings the node's system properties, {@code peanutcache.bind} included
   * @param classPath the class path of the node's JVM
   * @param log the file the node's standard error goes to
   * @return the launched node
   * @throws IOException if the JVM cannot be started
   */
  static NodeProcess launch(String address, Map<String, String> settings, String classPath, Path log)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx256m");
    command.add("-XX:+UseSerialGC");
    settings.forEach((key, value) -> command.add("-D" + key + "=" + value));
    command.add("-cp");
    command.add(classPath);
    command.add(NodeMain.class.getName());
    File logFile = log.toFile();
    logFile.getParentFile().mkdirs();
    Process process = new ProcessBuilder(command)
        .redirectError(ProcessBuilder.Redirect.to(logFile))
        .start();
    NodeProcess node = new NodeProcess(address, log, process);
    Thread reader = new Thread(node::readReady, "peanutcache-tck-node " + address);
    reader.setDaemon(true);
    reader.start();
    return node;
  }

  private void readReady() {
    try {
      String line;
      while ((line = output.readLine()) != null) {
        if (line.startsWith(NodeMain.READY)) {
          ready.complete(null);
          return;
        }
      }
      ready.completeExceptionally(new IOException("the node exited before it was ready"));
    } catch (IOException e) {
      ready.completeExceptionally(e);
    }
  }

  /** The node's address, its name on the ring. */
  String address() {
    return address;
  }

  /**
   * Waits until the node serves.
   *
   * @throws IOException if it exits or does not become ready in time; the message names its log
   */
  void awaitReady() throws IOException {
    try {
      ready.get(READY_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      process.destroyForcibly();
      throw new IOException("the node " + address + " did not become ready within "
          + READY_TIMEOUT_SECONDS + " s (" + (e instanceof ExecutionException ? e.getCause() : e)
          + "); see " + log, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      throw new IOException("interrupted while waiting for the node " + address, e);
    }
  }

  /**
   * Stops the node by closing its standard input and reads the owner operations it reports.
   *
   * @return the key operations the node ran as owner, or -1 if it did not report them
   */
  long stop() {
    long ownerOperations = -1;
    try {
      process.getOutputStream().close();
      String line;
      while ((line = output.readLine()) != null) {
        if (line.startsWith(NodeMain.OWNER_OPERATIONS + " ")) {
          ownerOperations = Long.parseLong(line.substring(NodeMain.OWNER_OPERATIONS.length() + 1).trim());
        }
      }
      if (!process.waitFor(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (IOException | NumberFormatException e) {
      process.destroyForcibly();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
    return ownerOperations;
  }

  /** Kills the node at once; for a session that could not start. */
  void kill() {
    process.destroyForcibly();
  }

  /** The file holding the node's log. */
  Path log() {
    return log;
  }
}
