package io.peanutcache.samples.scores;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * The demo's options: {@code --port N} (default 9999; 0 picks a free port) and
 * {@code --delay-ms N}, how long each database query takes (default 300). Both also accept the
 * {@code --name=value} form.
 *
 * @param port the port of the HTTP API, 0 to 65535
 * @param databaseDelay how long each database query takes, 0 or more
 * @param help whether {@code --help} was given
 */
record CommandLine(int port, Duration databaseDelay, boolean help) {

  /** How to call the demo, printed with {@code --help} and after a wrong option. */
  static final String USAGE = """
      usage: java -jar samples/scores/target/scores.jar [--port N] [--delay-ms N]
        --port N       port of the HTTP API on 127.0.0.1 (default 9999; 0 picks a free port)
        --delay-ms N   milliseconds each database query takes (default 300)""";

  private static final int DEFAULT_PORT = 9999;
  private static final long DEFAULT_DELAY_MS = 300;

  /**
   * Reads the options in {@code args}.
   *
   * @param args the command-line arguments
   * @return the options, with defaults for those not given
   * @throws IllegalArgumentException naming the option and what it allows, if an option is unknown,
   *     lacks its value or has a value out of range
   */
  static CommandLine parse(String... args) {
    int port = DEFAULT_PORT;
    long delayMillis = DEFAULT_DELAY_MS;
    boolean help = false;
    Deque<String> rest = new ArrayDeque<>(List.of(args));
    while (!rest.isEmpty()) {
      String option = rest.removeFirst();
      String inline = null;
      int equals = option.indexOf('=');
      if (equals > 0) {
        inline = option.substring(equals + 1);
        option = option.substring(0, equals);
      }
      switch (option) {
        case "--help", "-h" -> help = true;
        case "--port" -> port = (int) number(option, value(option, inline, rest), 0, 65535);
        case "--delay-ms" -> delayMillis = number(option, value(option, inline, rest), 0, 60_000);
        default -> throw new IllegalArgumentException(
            "unknown option " + option + "; allowed: --port N, --delay-ms N, --help");
      }
    }
    return new CommandLine(port, Duration.ofMillis(delayMillis), help);
  }

  /** The option's value: after its {@code =}, or else the next argument. */
  private static String value(String option, String inline, Deque<String> rest) {
    if (inline != null) {
      return inline;
    }
    if (rest.isEmpty()) {
      throw new IllegalArgumentException(option + " needs a value: " + option + " N");
    }
    return rest.removeFirst();
  }

  private static long number(String option, String value, long min, long max) {
    try {
      long number = Long.parseLong(value);
      if (number >= min && number <= max) {
        return number;
      }
    } catch (NumberFormatException e) {
      // reported below, with what is allowed
    }
    throw new IllegalArgumentException(
        option + " is " + value + "; allowed: a whole number from " + min + " to " + max);
  }
}
