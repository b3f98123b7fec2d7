package io.peanutcache.testing;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * JVMs that a test starts of its own, on this JVM's class path (so the test's classes are there),
 * and stops with SIGKILL.
 */
public final class TestJvms {

  /** What every test JVM gets: a small heap, and a start that is quick on a busy machine. */
  public static final List<String> OPTIONS =
      List.of("-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

  private TestJvms() {
  }

  /**
   * The command that runs {@code main} in a new JVM with {@code options}, this JVM's java and its
   * class path; the caller adds the program's arguments.
   *
   * @param options the JVM's options
   * @param main the class whose {@code main} runs
   * @return a new list, which the caller may change
   */
  public static List<String> command(List<String> options, Class<?> main) {
    return command(options, System.getProperty("java.class.path"), main);
  }

  /**
   * The command that runs {@code main} in a new JVM with {@code options}, this JVM's java and
   * {@code classPath}; the caller adds the program's arguments.
   *
   * @param options the JVM's options
   * @param classPath the JVM's class path
   * @param main the class whose {@code main} runs
   * @return a new list, which the caller may change
   */
  public static List<String> command(List<String> options, String classPath, Class<?> main) {
    List<String> command = new ArrayList<>();
    command.add(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
    command.addAll(options);
    command.add("-cp");
    command.add(classPath);
    command.add(main.getName());
    return command;
  }

  /**
   * The class path of the tests: surefire's test class path in a JVM that surefire forked (whose
   * own class path may be just surefire's booter jar), else this JVM's class path.
   *
   * @return the class path
   */
  public static String testClassPath() {
    return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
  }

  /**
   * Kills every process with SIGKILL, then waits until each is gone (30 s at most each); null
   * entries (processes never started) are passed over.
   *
   * @param processes the processes
   */
  public static void killAll(Iterable<Process> processes) {
    for (Process process : processes) {
      if (process != null) {
        process.destroyForcibly();
      }
    }
    for (Process process : processes) {
      if (process != null) {
        try {
          process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  /**
   * Sends {@code signal} to {@code process} with the system's {@code kill}: {@code -STOP} freezes
   * a JVM (it holds its sockets and answers nothing), {@code -CONT} lets it go on.
   *
   * @param process the process
   * @param signal the signal, as {@code kill} takes it
   * @throws IllegalStateException if {@code kill} failed, with what it said
   */
  public static void signal(Process process, String signal) throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("kill", signal, Long.toString(process.pid()))
        .redirectErrorStream(true).start();
    if (!kill.waitFor(30, TimeUnit.SECONDS) || kill.exitValue() != 0) {
      throw new IllegalStateException("kill " + signal + " " + process.pid() + " failed: "
          + new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }
  }
}
