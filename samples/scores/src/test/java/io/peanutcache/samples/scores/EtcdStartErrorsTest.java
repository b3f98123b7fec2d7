package io.peanutcache.samples.scores;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.peanutcache.etcd.testing.EtcdServer;
import io.peanutcache.testing.FreePorts;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A demo that cannot start through etcd stops with one line on standard error saying why, as a
 * user running {@code java -jar scores.jar --node I --etcd URL} sees it: the demo runs in a JVM
 * of its own here. One whose node name is held first says that it waits for the name, which a
 * node that died frees within the lease's TTL.
 */
class EtcdStartErrorsTest {

  @RegisterExtension
  static final EtcdServer ETCD = new EtcdServer();

  private static final Duration DEMO_DEADLINE = Duration.ofSeconds(60);

  @TempDir
  Path output;

  @Test
  void anUnreachableEtcdStopsTheNodeWithOneLine() throws Exception {
    String nowhere = "http://" + FreePorts.loopbackAddresses(1).get(0);

    Demo demo = runDemo("--node", "2", "--etcd", nowhere, "--cluster", "scores-unreachable");

    assertEquals(1, demo.exitCode());
    assertEquals(1, demo.errors().size(), "one line on standard error: " + demo.errors());
    assertTrue(demo.errors().get(0).startsWith("[scores] cannot start: node node-2 cannot join"
        + " cluster scores-unreachable through etcd at [" + nowhere + "]: "), demo.errors().get(0));
    assertTrue(demo.errors().get(0).endsWith(" (check --etcd, and that etcd is running)"),
        demo.errors().get(0));
  }

  @Test
  void aNodeNameTakenInTheClusterStopsTheNodeWithOneLineAfterItSaidItWaits() throws Exception {
    Discovery.Etcd etcd = new Discovery.Etcd(List.of(URI.create(ETCD.endpoint())), "scores-taken");
    try (RunningCluster running = RunningCluster.startThroughEtcd(etcd, Duration.ZERO)) {

      Demo demo = runDemo("--node", "2", "--etcd", ETCD.endpoint(),
          "--cluster", "scores-taken", "--node-port", port(), "--port", "0");

      assertEquals(1, demo.exitCode());
      assertEquals(2, demo.errors().size(), "the wait, then why it stops: " + demo.errors());
      assertTrue(demo.errors().get(0).startsWith("[INFO] node name node-2 is held in etcd by another"
          + " instance; waiting up to 6,000 ms for it to free itself"), demo.errors().get(0));
      String stop = demo.errors().get(1);
      assertTrue(stop.startsWith("[scores] cannot start: node name node-2 is"
          + " taken in cluster scores-taken: another live node is registered as"
          + " /peanutcache/scores-taken/members/node-2 = {\"address\":\""
          + running.members().get(1).address() + "\","), stop);
      assertTrue(stop.endsWith("; this node waited 6000 ms for it (node 2 runs already in cluster"
          + " scores-taken: stop it, or start another --node I)"), stop);
    }
  }

  /** What a run of the demo left: its exit code and the lines it wrote to standard error. */
  private record Demo(int exitCode, List<String> errors) {}

  /** Runs the demo in a JVM of its own, with this test's class path, until it exits. */
  private Demo runDemo(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), ScoresMain.class.getName()));
    command.addAll(List.of(args));
    File errors = output.resolve("stderr.txt").toFile();
    Process demo = new ProcessBuilder(command)
        .redirectOutput(output.resolve("stdout.txt").toFile())
        .redirectError(errors)
        .start();
    if (!demo.waitFor(DEMO_DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
      demo.destroyForcibly().waitFor();
      throw new AssertionError("the demo did not stop within " + DEMO_DEADLINE.toSeconds()
          + " s: " + Files.readString(errors.toPath(), StandardCharsets.UTF_8));
    }
    return new Demo(demo.exitValue(),
        Files.readAllLines(errors.toPath(), StandardCharsets.UTF_8));
  }

  private static String port() throws IOException {
    String address = FreePorts.loopbackAddresses(1).get(0);
    return address.substring(address.lastIndexOf(':') + 1);
  }
}
