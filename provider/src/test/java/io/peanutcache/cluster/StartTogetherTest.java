package io.peanutcache.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.peanutcache.testing.FreePorts;
import io.peanutcache.testing.TestJvms;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Three instances of an application, each in its own JVM, started at the same instant with one
 * peer list: each creates the same caches and works at once. No instance may log a warning or see
 * an operation fail, however the starts interleave; ten rounds try many interleavings.
 */
class StartTogetherTest {

  private static final int ROUNDS = 10;

  @Test
  void threeNodesStartedTogetherDefineTheirCachesAndServeWithoutAWarningOrAFailure() throws Exception {
    List<String> problems = new ArrayList<>();
    long operations = 0;
    for (int round = 1; round <= ROUNDS; round++) {
      List<String> results = startTogether(String.join(",", FreePorts.loopbackAddresses(3)));
      for (String result : results) {
        String[] lines = result.split("\n");
        String summary = lines[0];
        assertTrue(summary.startsWith("RESULT "), () -> "an instance ended without a result: " + result);
        operations += Long.parseLong(summary.replaceAll(".* ops=(\\d+) .*", "$1"));
        if (!summary.endsWith("failures=0 warnings=0")) {
          problems.add("round " + round + ": " + result);
        }
      }
    }
    System.out.printf("[start together] %d rounds of 3 JVMs: %d operations in their first second, %d problems%n",
        ROUNDS, operations, problems.size());
    assertEquals(List.of(), problems, "instances that logged a warning or saw an operation fail");
  }

  /** Starts the three instances at once and returns what each printed, once all have. */
  private static List<String> startTogether(String peers) throws Exception {
    List<Process> processes = new ArrayList<>();
    try {
      for (int index = 0; index < 3; index++) {
        List<String> command = TestJvms.command(List.of("-Xmx128m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"),
            StartTogetherMain.class);
        command.addAll(List.of(String.valueOf(index), peers));
        processes.add(new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start());
      }
      List<CompletableFuture<String>> outputs = new ArrayList<>();
      for (Process process : processes) {
        outputs.add(CompletableFuture.supplyAsync(() -> resultOf(process)));
      }
      List<String> results = new ArrayList<>();
      for (CompletableFuture<String> output : outputs) {
        results.add(output.get(120, TimeUnit.SECONDS));
      }
      return results;
    } finally {
      // each has reported its first second: the round is over
      TestJvms.killAll(processes);
    }
  }

  /** The RESULT line and the lines after it, up to the end of what the instance printed at once. */
  private static String resultOf(Process process) {
    BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    StringBuilder result = new StringBuilder();
    try {
      String line;
      while ((line = output.readLine()) != null) {
        if (line.startsWith("RESULT ")) {
          result.append(line);
          int details = Integer.parseInt(line.replaceAll(".* failures=(\\d+) warnings=(\\d+)", "$1"))
              + Integer.parseInt(line.replaceAll(".* warnings=(\\d+)", "$1"));
          for (int i = 0; i < Math.min(details, 10); i++) {
            String detail = output.readLine();
            if (detail == null) {
              break;
            }
            result.append('\n').append(detail);
          }
          return result.toString();
        }
      }
    } catch (java.io.IOException e) {
      return "no result: " + e;
    }
    return "no result: the instance ended";
  }
}
