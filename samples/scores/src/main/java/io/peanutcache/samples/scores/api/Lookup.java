package io.peanutcache.samples.scores.api;

import java.time.Duration;
import java.util.Locale;

/**
 * The answer to one request for a score.
 *
 * @param name the name asked for
 * @param score the score as text, or null if the database has no such name
 * @param source where the answer came from
 * @param took how long the cache took to answer
 */
public record Lookup(String name, String score, Source source, Duration took) {

  /**
   * Whether the name has a score.
   *
   * @return true if {@link #score} is not null
   */
  public boolean found() {
    return score != null;
  }

  /**
   * The request log line, for example {@code GET Tom -> 630 (hit, 0.1 ms)}.
   *
   * @return the line, without the {@code [scores]} prefix
   */
  public String describe() {
    String outcome = found() || source != Source.DATABASE
        ? source.description()
        : "queried the database";
    return "GET " + name + " -> " + (found() ? score : "not found")
        + " (" + outcome + ", " + milliseconds(took) + ")";
  }

  private static String milliseconds(Duration duration) {
    double millis = duration.toNanos() / 1_000_000.0;
    return String.format(Locale.ROOT, millis < 10 ? "%.1f ms" : "%.0f ms", millis);
  }
}
