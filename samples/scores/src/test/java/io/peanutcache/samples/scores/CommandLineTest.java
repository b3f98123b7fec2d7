package io.peanutcache.samples.scores;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The demo's options, their defaults, and the messages for wrong ones. */
class CommandLineTest {

  @Test
  void defaultsToPort9999AndA300MillisecondDatabase() {
    assertEquals(new CommandLine(9999, Duration.ofMillis(300), false), CommandLine.parse());
  }

  @Test
  void readsBothOptionSpellings() {
    assertEquals(new CommandLine(0, Duration.ofMillis(50), false),
        CommandLine.parse("--port", "0", "--delay-ms=50"));
  }

  @Test
  void namesTheOptionAndTheAllowedRangeOfAWrongValue() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> CommandLine.parse("--port", "70000"));

    assertEquals("--port is 70000; allowed: a whole number from 0 to 65535", e.getMessage());
  }

  @Test
  void namesAnUnknownOptionAndTheAllowedOnes() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> CommandLine.parse("--peers", "x"));

    assertEquals("unknown option --peers; allowed: --port N, --delay-ms N, --help", e.getMessage());
  }
}
