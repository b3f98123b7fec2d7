package io.peanutcache.cluster;

import io.peanutcache.testing.TestJvms;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * PeanutCache nodes running as separate JVM processes on loopback ports, so a test can kill one
 * with SIGKILL. The processes get this JVM's class path, so the test's loaders and processors are
 * there too.
 */
public final class NodeProcesses implements AutoCloseable {

  private final List<Process> processes = new ArrayList<>();
  private final List<String> addresses;

  /**
   * Starts a process for each of {@code addresses} and waits until each is serving.
   *
   * @param addresses the addresses of the nodes to run as processes
   * @param peers the peer list of the whole cluster
   * @param rpcTimeout the {@code peanutcache.rpc.timeout} of the nodes
   * @return the running processes
   * @throws IOException if a process cannot be started or does not become ready
   */
  public static NodeProcesses start(List<String> addresses, String peers, String rpcTimeout)
      throws IOException {
    List<Map<String, String>> nodes = new ArrayList<>();
    for (String address : addresses) {
      nodes.add(Map.of("peanutcache.bind", address, "peanutcache.peers", peers,
          "peanutcache.rpc.timeout", rpcTimeout));
    }
    return start(nodes);
  }

  /**
   * Starts a process for each node's settings and waits until each is serving.
   *
   * @param nodes the node settings of each process; each has {@code peanutcache.bind}
   * @return the running processes
   * @throws IOException if a process cannot be started or does not become ready
   */
  public static NodeProcesses start(List<Map<String, String>> nodes) throws IOException {
    NodeProcesses started = new NodeProcesses(nodes.stream().map(n -> n.get("peanutcache.bind")).toList());
    try {
      for (Map<String, String> node : nodes) {
        started.processes.add(started.launch(node));
      }
    } catch (IOException | RuntimeException e) {
      started.close();
      throw e;
    }
    return started;
  }

  private NodeProcesses(List<String> addresses) {
    this.addresses = addresses;
  }

  private Process launch(Map<String, String> settings) throws IOException {
    String address = settings.get("peanutcache.bind");
    List<String> command = TestJvms.command(List.of("-Xmx256m"), NodeProcessMain.class);
    settings.forEach((key, value) -> command.add(key + "=" + value));
    Process process = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .start();
    BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    String line;
    while ((line = output.readLine()) != null) {
      if (line.startsWith("READY")) {
        Thread drain = new Thread(() -> output.lines().forEach(ignored -> { }), "drain " + address);
        drain.setDaemon(true);
        drain.start();
        return process;
      }
      if (System.nanoTime() > deadline) {
        break;
      }
    }
    process.destroyForcibly();
    throw new IOException("the node process for " + address + " did not become ready; last output: " + line);
  }

  /**
   * Kills the process of node {@code index} with SIGKILL and waits until it is gone.
   *
   * @param index the node's index among this fixture's addresses
   */
  public void kill(int index) throws InterruptedException {
    Process process = processes.get(index);
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /** The address of node {@code index}. */
  public String address(int index) {
    return addresses.get(index);
  }

  @Override
  public void close() {
    TestJvms.killAll(processes);
  }
}
